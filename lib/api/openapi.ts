import { ACTION_RESULTS } from "@/lib/delivery/receipts";
import { callEndedJsonSchema } from "@/lib/messages/webhook-schema";
import { FIELD_MAX } from "@/lib/contacts/csv";
import { MAX_ACTIONS_PER_ACCOUNT } from "@/lib/pricing";
import { RECOVER_MAX, RECOVER_RATE_LIMIT, RECOVER_WINDOW_DAYS } from "@/lib/delivery/recovery-input";
import { TEMPLATE_VARIABLES } from "@/lib/messages/template";
import { MAX_HEADER_VALUE_LENGTH, MAX_WEBHOOK_HEADERS } from "@/lib/post-call-actions/headers";
import { PLATFORMS } from "@/lib/platforms/types";
import { CONNECTION_NAME_MAX, CONNECTION_SECRET_MAX, CONNECTION_SECRET_MIN } from "@/lib/connections/schema";
import { AGENT_NAME_MAX } from "@/lib/agents/schema";

/**
 * The OpenAPI 3.1 description of the public API (docs/architecture.md §4), served at /api/v1/openapi.json.
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
  additionalProperties: false,
  required: ["data", "next_cursor"],
  properties: { data: { type: "array", items: { $ref: `#/components/schemas/${item}` } }, next_cursor: { type: ["string", "null"] } },
});

const callSchema = callEndedJsonSchema.properties.data.properties.call;
// The fields a call has in the list and in the detail, named and typed as in the webhook payload.
const CALL_BASE = [
  "id", "external_id", "direction", "status", "from", "to", "contact", "started_at", "ended_at", "duration_seconds", "summary", "platform",
] as const;
const callBase = Object.fromEntries(CALL_BASE.map((k) => [k, callSchema.properties[k]]));
const agentId = { type: ["string", "null"], pattern: "^agt_", description: "The agent that took the call (GET /api/v1/agents); null when the call named none." };

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Aftercall API",
      version: "2026-11-01",
      description:
        "Calls, agents, post-call actions, contacts, voice platform connections and webhook deliveries of one account. Authenticate with an API key from Developer Tools → API keys: `Authorization: Bearer ak_…`. Errors are RFC 9457 problem documents.",
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
      "/api/v1/webhook-deliveries/recover": {
        post: {
          operationId: "recoverWebhookDeliveries",
          summary: "Resend every webhook delivery that failed since a time, each with its webhook-id",
          description: `Owner and developer keys. Queues again the deliveries that ended failed (or were skipped while their endpoint was disabled) at or after \`since\`, to the endpoint URL \`to\` or to every endpoint, oldest first: at most ${RECOVER_MAX.toLocaleString("en")} per request (\`more\` says whether others remain; call again to continue). Test events are left out, and so are endpoints that are disabled now (re-enable them first). \`since\` must be within the last ${RECOVER_WINDOW_DAYS} days and not in the future. ${RECOVER_RATE_LIMIT.limit} requests per ${RECOVER_RATE_LIMIT.windowSeconds / 60} minutes per account (429 with retry-after). Audited.`,
          requestBody: {
            required: true,
            ...json({
              type: "object",
              additionalProperties: false,
              required: ["since"],
              properties: {
                since: { type: "string", format: "date-time", description: "ISO 8601 with an offset, e.g. 2026-11-24T09:00:00Z" },
                to: { type: ["string", "null"], format: "uri", description: "One endpoint: a webhook action's URL" },
              },
            }),
          },
          responses: {
            "202": {
              description: "Queued; follow the progress at GET /api/v1/webhook-deliveries/recover/{id}",
              ...json({
                allOf: [{ $ref: "#/components/schemas/Recovery" }],
                type: "object",
                required: ["limit"],
                properties: { limit: { type: "integer", description: "The most one request queues" } },
              }),
            },
            "409": problem,
            "415": problem,
            ...errors,
          },
        },
      },
      "/api/v1/webhook-deliveries/recover/{id}": {
        get: {
          operationId: "getWebhookRecovery",
          summary: "How a recovery stands: queued again, delivered, still failing",
          parameters: [idParam("id")],
          responses: { "200": { description: "The recovery", ...json({ $ref: "#/components/schemas/Recovery" }) }, ...errors },
        },
      },
      "/api/v1/webhook-test": {
        post: {
          operationId: "sendWebhookTest",
          summary: "Send a signed test event (`test: true`) to every enabled webhook action, or to one",
          description: "Owner and developer keys. Shares the test-send rate limit (a few a minute) with the dashboard.",
          requestBody: {
            required: false,
            ...json({ type: "object", properties: { action_id: { type: "string" } }, additionalProperties: false }),
          },
          responses: {
            "202": {
              description: "Queued; read the outcome from GET /api/v1/webhook-deliveries",
              ...json({
                type: "object",
                additionalProperties: false,
                required: ["data"],
                properties: { data: { type: "array", items: { $ref: "#/components/schemas/Delivery" } } },
              }),
            },
            "415": problem,
            "422": problem,
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
              description: "Secrets, newest first: the current one, then the previous one while it still signs",
              ...json({
                type: "object",
                additionalProperties: false,
                required: ["data"],
                properties: { data: { type: "array", items: { $ref: "#/components/schemas/WebhookSecret" } } },
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
          parameters: [
            cursorParams[0],
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
            { name: "q", in: "query", schema: { type: "string", maxLength: 100 }, description: "Name or number" },
          ],
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
      "/api/v1/connections": {
        get: {
          operationId: "listConnections",
          summary: "Voice platform connections, oldest first (owner and developer keys)",
          responses: {
            "200": {
              description: "Every connection of the account, without secrets",
              ...json({
                type: "object",
                additionalProperties: false,
                required: ["data"],
                properties: { data: { type: "array", items: { $ref: "#/components/schemas/ConnectionListItem" } } },
              }),
            },
            ...errors,
          },
        },
        post: {
          operationId: "createConnection",
          summary: "Connect a voice platform (owner and developer keys; audited)",
          description:
            "Paste the answer's `url` into the platform's post-call webhook setting. The secret is stored encrypted and never returned by any endpoint.",
          requestBody: { required: true, ...json({ $ref: "#/components/schemas/ConnectionInput" }) },
          responses: {
            "201": { description: "Created", ...json({ $ref: "#/components/schemas/Connection" }) },
            "413": problem,
            "415": problem,
            ...errors,
          },
        },
      },
      "/api/v1/connections/{id}": {
        delete: {
          operationId: "deleteConnection",
          summary: "Delete a connection: its URL answers 404 from then on; its calls are kept (owner and developer keys; audited)",
          parameters: [idParam("id")],
          responses: { "204": { description: "Deleted" }, ...errors },
        },
      },
      "/api/v1/agents": {
        get: {
          operationId: "listAgents",
          summary: "The account's agents, oldest first: its agent numbers and the voice platform agents seen on its calls",
          description: "An agent appears with its first call (or when its number is added under Settings → Phone numbers). Route post-call actions to agents with the action's `agents`.",
          responses: {
            "200": {
              description: "Every agent of the account",
              ...json({
                type: "object",
                additionalProperties: false,
                required: ["data"],
                properties: { data: { type: "array", items: { $ref: "#/components/schemas/AgentListItem" } } },
              }),
            },
            ...errors,
          },
        },
      },
      "/api/v1/agents/{id}": {
        patch: {
          operationId: "renameAgent",
          summary: "Name an agent, e.g. \"Rentals line\" (owner and developer keys; audited)",
          parameters: [idParam("id")],
          requestBody: {
            required: true,
            ...json({
              type: "object",
              additionalProperties: false,
              required: ["name"],
              properties: { name: { type: ["string", "null"], maxLength: AGENT_NAME_MAX, description: "null or \"\" goes back to the number or platform id." } },
            }),
          },
          responses: { "200": { description: "The agent", ...json({ $ref: "#/components/schemas/Agent" }) }, "413": problem, "415": problem, ...errors },
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
          additionalProperties: false,
          required: [...CALL_BASE, "agent_id", "has_recording"],
          properties: { ...callBase, agent_id: agentId, has_recording: { type: "boolean", description: "Whether the call has a recording link (see GET /calls/{id})." } },
        },
        CallDetail: {
          type: "object",
          additionalProperties: false,
          required: [...CALL_BASE, "agent_id", "transcript", "transcript_text", "recording_url", "analysis", "actions"],
          properties: {
            ...callBase,
            agent_id: agentId,
            analysis: callSchema.properties.analysis,
            transcript: callSchema.properties.transcript,
            transcript_text: callSchema.properties.transcript_text,
            recording_url: callSchema.properties.recording_url,
            actions: { type: "array", items: { $ref: "#/components/schemas/CallAction" } },
          },
        },
        CallAction: {
          type: "object",
          additionalProperties: false,
          description: "One post-call action's delivery for this call.",
          required: ["id", "delivery_id", "channel", "to", "status", "reason", "credits", "attempt_count", "error", "completed_at", "receipt"],
          properties: {
            id: { type: ["string", "null"], description: "The post-call action's id (null when the action was deleted since)." },
            delivery_id: { type: "string" },
            channel: { enum: ["sms", "email", "webhook"] },
            to: { type: "string" },
            status: {
              enum: [...ACTION_RESULTS],
              description:
                "pending, sent, failed or skipped as Aftercall sent it, until the carrier's or mailbox's receipt says more: delivered, undelivered (SMS; refunded), delayed, bounced (refunded) or complained (email, marked as spam).",
            },
            reason: { type: ["string", "null"], description: "Why it failed or was skipped, e.g. insufficient_credits." },
            credits: { type: "integer", description: "Credits charged and not refunded." },
            attempt_count: { type: "integer" },
            error: { type: ["string", "null"], description: "Undelivered or bounced: why, in words; otherwise the last attempt's error." },
            completed_at: { type: ["string", "null"], format: "date-time" },
            receipt: {
              oneOf: [{ type: "null" }, { $ref: "#/components/schemas/Receipt" }],
              description: "The latest receipt from Twilio (SMS) or Resend (email); null until one arrives, and for webhooks.",
            },
          },
        },
        Receipt: {
          type: "object",
          additionalProperties: false,
          required: ["status", "code", "detail", "at"],
          properties: {
            status: { enum: ["delayed", "delivered", "complained", "undelivered", "bounced"] },
            code: { type: ["string", "null"], description: "Twilio's error code (e.g. 30003), or Resend's bounce type and subtype (e.g. Permanent/General)." },
            detail: { type: ["string", "null"], description: "The receipt in words." },
            at: { type: ["string", "null"], format: "date-time" },
          },
        },
        Conditions: {
          type: "object",
          properties: {
            statuses: { type: "array", items: { enum: ["completed", "no-answer", "busy", "failed", "canceled"] }, minItems: 1, default: ["completed"] },
            min_duration_seconds: { type: "integer", minimum: 0, default: 0 },
          },
        },
        SavedConditions: {
          type: "object",
          additionalProperties: false,
          required: ["statuses", "min_duration_seconds"],
          properties: {
            statuses: { type: "array", items: { enum: ["completed", "no-answer", "busy", "failed", "canceled"] }, minItems: 1 },
            min_duration_seconds: { type: "integer", minimum: 0 },
          },
        },
        ActionInput: {
          type: "object",
          additionalProperties: false,
          required: ["channel", "to"],
          properties: {
            id: { type: "string", description: "Keep an existing action's id to update it in place (its delivery history stays linked)." },
            channel: { enum: ["sms", "email", "webhook"] },
            to: { type: "string", description: "A phone number (stored as E.164), an email address, or an https URL." },
            enabled: { type: "boolean", default: true },
            conditions: { $ref: "#/components/schemas/Conditions" },
            agents: {
              type: "array",
              items: { type: "string", pattern: "^agt_" },
              maxItems: 100,
              default: [],
              description: "Routing: run only for calls taken by these agents (GET /api/v1/agents). Absent or empty: every call. An id that is not this account's is refused with 422 naming `actions[i].agents[j]`.",
            },
            template: { $ref: "#/components/schemas/MessageTemplate" },
            headers: {
              type: "array",
              maxItems: MAX_WEBHOOK_HEADERS,
              items: { $ref: "#/components/schemas/HeaderInput" },
              description: `Webhook actions only: up to ${MAX_WEBHOOK_HEADERS} custom headers sent with every attempt, test send and resend. Send a header without \`value\` (as GET returns it) to keep its saved value.`,
            },
          },
        },
        MessageTemplate: {
          type: ["object", "null"],
          additionalProperties: false,
          description:
            "SMS and email actions only: the message in the account's own words; absent, null or empty fields send the standard message. " +
            `Variables: ${TEMPLATE_VARIABLES.map((v) => `\`{{${v}}}\``).join(", ")} and \`{{analysis.<field>}}\` (the voice platform's analysis). ` +
            "An unknown variable or unbalanced `{{`/`}}` is refused (422, naming the character); a value the call lacks renders as nothing. " +
            "An SMS is at most 2 segments: the summary is shortened to fit, and a template whose own text exceeds 2 segments is refused.",
          properties: {
            body: { type: ["string", "null"], maxLength: 1600, description: "SMS: the message text." },
            subject: { type: ["string", "null"], maxLength: 300, description: "Email: the subject (one line)." },
            intro: { type: ["string", "null"], maxLength: 2000, description: "Email: a paragraph above the call's details, which stay." },
          },
        },
        HeaderInput: {
          type: "object",
          additionalProperties: false,
          required: ["name"],
          properties: {
            name: {
              type: "string",
              maxLength: 64,
              description: "A header name (RFC 9110 token). Refused: `webhook-*`, `content-type`, `content-length`, `content-encoding`, `user-agent`, `host`, `expect`, `proxy-*` and hop-by-hop headers.",
            },
            value: { type: ["string", "null"], maxLength: MAX_HEADER_VALUE_LENGTH, description: "Printable ASCII on one line. Omit to keep the saved value of the header with this name." },
            masked: { type: "string", description: "Ignored on input (GET shows it)." },
          },
        },
        SavedHeader: {
          type: "object",
          additionalProperties: false,
          required: ["name", "masked"],
          properties: {
            name: { type: "string" },
            masked: { type: "string", description: "The value is never returned: at most its last 4 characters, e.g. `••••••••1b1c`." },
          },
        },
        Action: {
          type: "object",
          additionalProperties: false,
          required: ["id", "channel", "to", "enabled", "conditions", "agents", "template", "headers", "disabled_reason"],
          properties: {
            id: { type: "string" },
            channel: { enum: ["sms", "email", "webhook"] },
            to: { type: "string", description: "E.164 phone number, email address or URL." },
            enabled: { type: "boolean" },
            conditions: { $ref: "#/components/schemas/SavedConditions" },
            agents: { type: "array", items: { type: "string", pattern: "^agt_" }, description: "The agents whose calls it runs for; empty: every call." },
            template: { $ref: "#/components/schemas/MessageTemplate" },
            headers: { type: "array", items: { $ref: "#/components/schemas/SavedHeader" }, description: "Webhook actions: the custom headers, values masked." },
            disabled_reason: {
              type: ["string", "null"],
              description: "Set when a webhook endpoint was disabled: `gone` (it answered 410) or `failing` (5 days of failures).",
            },
          },
        },
        ActionListInput: {
          type: "object",
          additionalProperties: false,
          required: ["actions"],
          properties: {
            version: { type: "integer", minimum: 0, description: "The `version` from GET: a change made meanwhile is refused with 409 instead of overwritten." },
            actions: { type: "array", maxItems: MAX_ACTIONS_PER_ACCOUNT, items: { $ref: "#/components/schemas/ActionInput" } },
          },
        },
        ActionList: {
          type: "object",
          additionalProperties: false,
          required: ["actions", "version"],
          properties: {
            actions: { type: "array", items: { $ref: "#/components/schemas/Action" } },
            version: { type: "integer", description: "Increases with every change; send it back with PUT." },
          },
        },
        Attempt: {
          type: "object",
          additionalProperties: false,
          required: ["number", "started_at", "outcome", "status_code", "latency_ms", "error", "response_body"],
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
          additionalProperties: false,
          required: ["id", "call_id", "channel", "to", "status", "reason", "test", "webhook_id", "credits", "created_at", "attempts"],
          properties: {
            id: { type: "string" },
            call_id: { type: ["string", "null"], description: "null for test events (they use a sample call)." },
            channel: { enum: ["sms", "email", "webhook"] },
            to: { type: "string" },
            status: { enum: ["pending", "sent", "failed", "skipped"] },
            reason: { type: ["string", "null"] },
            test: { type: "boolean" },
            webhook_id: { type: "string", description: "The `webhook-id` header: the same on every retry and resend." },
            credits: { type: "integer" },
            created_at: { type: "string", format: "date-time" },
            attempts: { type: "array", items: { $ref: "#/components/schemas/Attempt" } },
          },
        },
        ContactInput: {
          type: "object",
          additionalProperties: false,
          required: ["name", "phone"],
          properties: {
            name: { type: "string", minLength: 1, maxLength: FIELD_MAX.name },
            phone: { type: "string", maxLength: FIELD_MAX.phone, description: "Any common format; stored as E.164." },
            email: { type: ["string", "null"], format: "email" },
            company: { type: ["string", "null"], maxLength: FIELD_MAX.company },
            notes: { type: ["string", "null"], maxLength: FIELD_MAX.notes },
          },
        },
        ContactPatch: {
          type: "object",
          additionalProperties: false,
          description: "Any subset of the fields; null clears an optional one.",
          properties: {
            name: { type: "string", minLength: 1, maxLength: FIELD_MAX.name },
            phone: { type: "string", maxLength: FIELD_MAX.phone },
            email: { type: ["string", "null"], format: "email" },
            company: { type: ["string", "null"], maxLength: FIELD_MAX.company },
            notes: { type: ["string", "null"], maxLength: FIELD_MAX.notes },
          },
        },
        Contact: {
          type: "object",
          additionalProperties: false,
          required: ["id", "name", "phone", "phone_type", "email", "company", "notes", "last_call_at", "created_at", "updated_at"],
          properties: {
            id: { type: "string", pattern: "^ct_" },
            name: { type: "string" },
            phone: { type: "string", description: "E.164." },
            phone_type: { enum: ["mobile", "landline", "voip", "unknown"] },
            email: { type: ["string", "null"] },
            company: { type: ["string", "null"] },
            notes: { type: ["string", "null"] },
            last_call_at: { type: ["string", "null"], format: "date-time" },
            created_at: { type: "string", format: "date-time" },
            updated_at: { type: "string", format: "date-time" },
          },
        },
        ConnectionInput: {
          type: "object",
          additionalProperties: false,
          required: ["platform", "name", "secret"],
          properties: {
            platform: { enum: [...PLATFORMS] },
            name: { type: "string", minLength: 1, maxLength: CONNECTION_NAME_MAX },
            secret: {
              type: "string",
              minLength: CONNECTION_SECRET_MIN,
              maxLength: CONNECTION_SECRET_MAX,
              pattern: "^\\s*[\\x21-\\x7e]+\\s*$",
              description:
                "The platform's signing secret: Vapi's server URL secret, Retell's API key with the webhook badge, Bland's webhook signing secret, ElevenLabs' webhook HMAC secret, Synthflow's webhook secret. Spaces around it are dropped.",
            },
          },
        },
        Connection: {
          type: "object",
          additionalProperties: false,
          required: ["id", "platform", "name", "url", "created_at"],
          properties: {
            id: { type: "string", pattern: "^con_" },
            platform: { enum: [...PLATFORMS] },
            name: { type: "string" },
            url: { type: "string", format: "uri", description: "The connection's inbound URL, to paste into the platform." },
            created_at: { type: "string", format: "date-time" },
          },
        },
        ConnectionListItem: {
          type: "object",
          additionalProperties: false,
          required: [
            "id",
            "platform",
            "name",
            "url",
            "created_at",
            "last_event_at",
            "call_count",
            "refused_count",
            "last_refused_at",
            "last_refused_reason",
            "wait_seconds",
          ],
          properties: {
            id: { type: "string", pattern: "^con_" },
            platform: { enum: [...PLATFORMS] },
            name: { type: "string" },
            url: { type: "string", format: "uri" },
            created_at: { type: "string", format: "date-time" },
            last_event_at: { type: ["string", "null"], format: "date-time", description: "When the last call arrived through it; null before the first." },
            call_count: { type: "integer", minimum: 0 },
            refused_count: { type: "integer", minimum: 0, description: "Requests refused for a missing or bad signature or a stale timestamp." },
            last_refused_at: { type: ["string", "null"], format: "date-time" },
            last_refused_reason: { type: ["string", "null"] },
            wait_seconds: {
              type: "integer",
              minimum: 0,
              description: "Retell: how long the actions wait for call_analyzed after call_ended before they run anyway.",
            },
          },
        },
        Agent: {
          type: "object",
          additionalProperties: false,
          required: ["id", "name", "number", "platform", "platform_agent_id"],
          properties: {
            id: { type: "string", pattern: "^agt_" },
            name: { type: ["string", "null"], description: "The owner's name for it; null until named." },
            number: { type: ["string", "null"], description: "E.164: the agent number, or the number seen on a platform agent's first call." },
            platform: { type: ["string", "null"], enum: [...PLATFORMS, null], description: "null for an agent number." },
            platform_agent_id: { type: ["string", "null"], description: "The platform's agent / assistant id; null for an agent number." },
          },
        },
        AgentListItem: {
          type: "object",
          additionalProperties: false,
          required: ["id", "name", "number", "platform", "platform_agent_id", "last_call_at"],
          properties: {
            id: { type: "string", pattern: "^agt_" },
            name: { type: ["string", "null"] },
            number: { type: ["string", "null"] },
            platform: { type: ["string", "null"], enum: [...PLATFORMS, null] },
            platform_agent_id: { type: ["string", "null"] },
            last_call_at: { type: ["string", "null"], format: "date-time" },
          },
        },
        Recovery: {
          type: "object",
          required: ["id", "to", "since", "created_at", "queued_total", "more", "progress"],
          properties: {
            id: { type: "string", examples: ["rcv_3k2m…"] },
            to: { type: ["string", "null"], description: "The endpoint URL it was limited to; null: every endpoint" },
            since: { type: "string", format: "date-time" },
            created_at: { type: "string", format: "date-time" },
            queued_total: { type: "integer", description: "Deliveries this request queued again" },
            more: { type: "boolean", description: "More failed deliveries matched than one request queues" },
            progress: {
              type: "object",
              additionalProperties: false,
              required: ["queued", "delivered", "still_failing"],
              properties: {
                queued: { type: "integer", description: "Waiting for the worker or between retries" },
                delivered: { type: "integer" },
                still_failing: { type: "integer" },
              },
            },
          },
        },
        WebhookSecret: {
          type: "object",
          additionalProperties: false,
          required: ["secret", "created_at", "expires_at"],
          properties: {
            secret: { type: "string", pattern: "^whsec_" },
            created_at: { type: "string", format: "date-time" },
            expires_at: {
              type: ["string", "null"],
              format: "date-time",
              description: "null for the current secret; for the previous one after a rotation, when it stops signing.",
            },
          },
        },
      },
    },
  };
}
