import { callEndedJsonSchema } from "@/lib/messages/webhook-schema";
import { MAX_ACTIONS_PER_ACCOUNT } from "@/lib/pricing";

/**
 * The OpenAPI 3.1 description of the public API (DESIGN §4), served at /api/v1/openapi.json.
 * A test validates it and checks every route file under app/api/v1 appears here.
 */
const problem = { $ref: "#/components/responses/Problem" };
const errors = { "400": problem, "401": problem, "403": problem, "404": problem, "429": problem };
const cursorParams = [
  { name: "cursor", in: "query", schema: { type: "string" }, description: "The `next_cursor` of the previous page." },
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 25 } },
];
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const json = (schema: object) => ({ content: { "application/json": { schema } } });
const page = (item: string) => ({
  type: "object",
  required: ["data", "next_cursor"],
  properties: { data: { type: "array", items: { $ref: `#/components/schemas/${item}` } }, next_cursor: { type: ["string", "null"] } },
});

const callSchema = callEndedJsonSchema.properties.data.properties.call;

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Aftercall API",
      version: "2026-11-01",
      description:
        "Calls, post-call actions, contacts and webhook deliveries of one account. Authenticate with an API key from Developer Tools → API keys: `Authorization: Bearer ak_…`. Errors are RFC 9457 problem documents.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    paths: {
      "/api/v1/calls": {
        get: {
          operationId: "listCalls",
          summary: "The account's calls, newest first",
          parameters: cursorParams,
          responses: { "200": { description: "A page of calls", ...json(page("Call")) }, ...errors },
        },
      },
      "/api/v1/calls/{id}": {
        get: {
          operationId: "getCall",
          summary: "One call with its transcript and action results",
          parameters: [idParam("id")],
          responses: { "200": { description: "The call", ...json({ $ref: "#/components/schemas/CallDetail" }) }, ...errors },
        },
      },
      "/api/v1/post-call-actions": {
        get: {
          operationId: "listPostCallActions",
          summary: "The configured post-call actions",
          responses: { "200": { description: "The actions", ...json({ $ref: "#/components/schemas/ActionList" }) }, ...errors },
        },
        put: {
          operationId: "replacePostCallActions",
          summary: `Replace the actions (at most ${MAX_ACTIONS_PER_ACCOUNT}; same validation as the dashboard)`,
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/ActionListInput" }) },
          responses: {
            "200": { description: "The saved actions", ...json({ $ref: "#/components/schemas/ActionList" }) },
            "409": problem,
            "422": problem,
            ...errors,
          },
        },
      },
      "/api/v1/webhook-deliveries": {
        get: {
          operationId: "listWebhookDeliveries",
          summary: "Webhook deliveries with their attempts, newest first",
          parameters: [
            ...cursorParams,
            { name: "status", in: "query", schema: { enum: ["pending", "sent", "failed", "skipped"] } },
          ],
          responses: { "200": { description: "A page of deliveries", ...json(page("Delivery")) }, ...errors },
        },
      },
      "/api/v1/webhook-deliveries/{id}/resend": {
        post: {
          operationId: "resendWebhookDelivery",
          summary: "Deliver again, with the same webhook-id",
          parameters: [idParam("id")],
          responses: { "202": { description: "Queued", ...json({ $ref: "#/components/schemas/Delivery" }) }, ...errors },
        },
      },
      "/api/v1/webhook-test": {
        post: {
          operationId: "sendWebhookTest",
          summary: "Send a signed test event (`test: true`) to every enabled webhook action, or to one",
          requestBody: {
            required: false,
            ...json({ type: "object", properties: { action_id: { type: "string" } }, additionalProperties: false }),
          },
          responses: {
            "202": { description: "Queued", ...json({ type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Delivery" } } } }) },
            ...errors,
          },
        },
      },
      "/api/v1/webhook-secret": {
        get: {
          operationId: "getWebhookSecret",
          summary: "The signing secret(s) now in use (owner and developer keys only; audited)",
          responses: {
            "200": {
              description: "Secrets, newest first",
              ...json({
                type: "object",
                required: ["data"],
                properties: {
                  data: {
                    type: "array",
                    items: {
                      type: "object",
                      required: ["secret", "created_at", "expires_at"],
                      properties: {
                        secret: { type: "string", pattern: "^whsec_" },
                        created_at: { type: "string", format: "date-time" },
                        expires_at: { type: ["string", "null"], format: "date-time" },
                      },
                    },
                  },
                },
              }),
            },
            ...errors,
          },
        },
      },
      "/api/v1/contacts": {
        get: {
          operationId: "listContacts",
          summary: "Saved contacts",
          parameters: [...cursorParams, { name: "q", in: "query", schema: { type: "string" }, description: "Name or number" }],
          responses: { "200": { description: "A page of contacts", ...json(page("Contact")) }, ...errors },
        },
        post: {
          operationId: "createContact",
          summary: "Save a contact",
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/ContactInput" }) },
          responses: { "201": { description: "Created", ...json({ $ref: "#/components/schemas/Contact" }) }, "409": problem, ...errors },
        },
      },
      "/api/v1/contacts/{id}": {
        get: {
          operationId: "getContact",
          summary: "One contact",
          parameters: [idParam("id")],
          responses: { "200": { description: "The contact", ...json({ $ref: "#/components/schemas/Contact" }) }, ...errors },
        },
        patch: {
          operationId: "updateContact",
          summary: "Change a contact",
          parameters: [idParam("id")],
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/ContactPatch" }) },
          responses: { "200": { description: "The contact", ...json({ $ref: "#/components/schemas/Contact" }) }, "409": problem, ...errors },
        },
        delete: {
          operationId: "deleteContact",
          summary: "Remove a saved contact",
          parameters: [idParam("id")],
          responses: { "204": { description: "Removed" }, ...errors },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1", ...json({ type: "object" }) } },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An `ak_…` key from Developer Tools → API keys." } },
      responses: {
        Problem: {
          description: "An RFC 9457 problem document",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: {
              type: "array",
              items: { type: "object", required: ["field", "message"], properties: { field: { type: "string" }, message: { type: "string" } } },
            },
          },
        },
        Call: {
          type: "object",
          required: ["id", "external_id", "direction", "status", "from", "to", "contact", "started_at", "ended_at", "duration_seconds", "summary"],
          properties: {
            id: callSchema.properties.id,
            external_id: callSchema.properties.external_id,
            direction: callSchema.properties.direction,
            status: callSchema.properties.status,
            from: callSchema.properties.from,
            to: callSchema.properties.to,
            contact: callSchema.properties.contact,
            started_at: callSchema.properties.started_at,
            ended_at: callSchema.properties.ended_at,
            duration_seconds: callSchema.properties.duration_seconds,
            summary: callSchema.properties.summary,
            recording_url: callSchema.properties.recording_url,
          },
        },
        CallDetail: {
          allOf: [
            { $ref: "#/components/schemas/Call" },
            {
              type: "object",
              required: ["transcript", "actions"],
              properties: {
                transcript: callSchema.properties.transcript,
                actions: { type: "array", items: { $ref: "#/components/schemas/Delivery" } },
              },
            },
          ],
        },
        Conditions: {
          type: "object",
          properties: {
            statuses: { type: "array", items: { enum: ["completed", "no-answer", "busy", "failed", "canceled"] }, minItems: 1, default: ["completed"] },
            min_duration_seconds: { type: "integer", minimum: 0, default: 0 },
          },
        },
        ActionInput: {
          type: "object",
          required: ["channel", "to"],
          properties: {
            channel: { enum: ["sms", "email", "webhook"] },
            to: { type: "string", description: "A phone number (stored as E.164), an email address, or an https URL." },
            enabled: { type: "boolean", default: true },
            conditions: { $ref: "#/components/schemas/Conditions" },
          },
        },
        Action: {
          allOf: [
            { $ref: "#/components/schemas/ActionInput" },
            {
              type: "object",
              required: ["id", "credits_per_call"],
              properties: { id: { type: "string" }, credits_per_call: { type: "integer" }, disabled_reason: { type: ["string", "null"] } },
            },
          ],
        },
        ActionListInput: {
          type: "object",
          required: ["actions"],
          properties: { actions: { type: "array", maxItems: MAX_ACTIONS_PER_ACCOUNT, items: { $ref: "#/components/schemas/ActionInput" } } },
        },
        ActionList: {
          type: "object",
          required: ["actions"],
          properties: { actions: { type: "array", items: { $ref: "#/components/schemas/Action" } }, version: { type: "integer" } },
        },
        Attempt: {
          type: "object",
          required: ["number", "started_at", "outcome"],
          properties: {
            number: { type: "integer" },
            started_at: { type: "string", format: "date-time" },
            outcome: { enum: ["success", "retryable_error", "final_error"] },
            status_code: { type: ["integer", "null"] },
            latency_ms: { type: ["integer", "null"] },
            error: { type: ["string", "null"] },
            response_body: { type: ["string", "null"], description: "The first 4 KiB." },
          },
        },
        Delivery: {
          type: "object",
          required: ["id", "channel", "to", "status"],
          properties: {
            id: { type: "string" },
            call_id: { type: ["string", "null"] },
            channel: { enum: ["sms", "email", "webhook"] },
            to: { type: "string" },
            status: { enum: ["pending", "sent", "failed", "skipped"] },
            reason: { type: ["string", "null"] },
            test: { type: "boolean" },
            webhook_id: { type: "string" },
            credits: { type: "integer" },
            created_at: { type: "string", format: "date-time" },
            attempts: { type: "array", items: { $ref: "#/components/schemas/Attempt" } },
          },
        },
        ContactInput: {
          type: "object",
          required: ["name", "phone"],
          properties: {
            name: { type: "string", maxLength: 120 },
            phone: { type: "string", description: "Any common format; stored as E.164." },
            email: { type: ["string", "null"], format: "email" },
            company: { type: ["string", "null"] },
            notes: { type: ["string", "null"] },
          },
        },
        ContactPatch: {
          type: "object",
          properties: {
            name: { type: "string", maxLength: 120 },
            phone: { type: "string" },
            email: { type: ["string", "null"], format: "email" },
            company: { type: ["string", "null"] },
            notes: { type: ["string", "null"] },
          },
        },
        Contact: {
          allOf: [
            { $ref: "#/components/schemas/ContactInput" },
            {
              type: "object",
              required: ["id"],
              properties: { id: { type: "string" }, phone_type: { enum: ["mobile", "landline", "voip", "unknown"] }, created_at: { type: "string", format: "date-time" } },
            },
          ],
        },
      },
    },
  };
}
