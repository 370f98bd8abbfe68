import { API_VERSION } from "./webhook-payload";
import { ACTION_RESULTS } from "@/lib/delivery/receipts";
import { PLATFORMS } from "@/lib/platforms/types";

/**
 * JSON Schema (2020-12) of the `call.ended` webhook payload, served at
 * /api/v1/schemas/call.ended.json and used by tests to validate what receivers get.
 */
const nullableString = { type: ["string", "null"] };
const isoDate = { type: "string", format: "date-time" };

export const callEndedJsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://aftercall.dev/schemas/call.ended.json",
  title: "call.ended",
  description: "Sent once per call and webhook action when a call ends. Verify the signature before trusting it.",
  type: "object",
  additionalProperties: false,
  required: ["type", "api_version", "timestamp", "test", "data"],
  properties: {
    type: { const: "call.ended" },
    api_version: { const: API_VERSION, description: "The payload version; new optional fields may appear without a new version." },
    timestamp: { ...isoDate, description: "When this payload was built." },
    test: { type: "boolean", description: "true for test events sent from the dashboard or the API." },
    data: {
      type: "object",
      additionalProperties: false,
      required: ["call", "actions"],
      properties: {
        call: {
          type: "object",
          additionalProperties: false,
          required: [
            "id", "external_id", "direction", "status", "from", "to", "contact", "started_at", "ended_at",
            "duration_seconds", "summary", "transcript", "transcript_text", "recording_url", "platform", "analysis",
          ],
          properties: {
            id: { type: "string", pattern: "^call_[0-9a-z]+$", description: "Aftercall's call id (call_…)." },
            external_id: { type: "string", description: "The telephony platform's call id." },
            direction: { enum: ["inbound", "outbound"] },
            status: { enum: ["completed", "no-answer", "busy", "failed", "canceled"] },
            from: {
              type: ["string", "null"],
              description: "E.164, or \"anonymous\"; null when a voice platform sent no number (a web call).",
            },
            to: { type: ["string", "null"], description: "E.164; null when a voice platform sent no number (a web call)." },
            contact: {
              type: "object",
              additionalProperties: false,
              required: ["name", "saved", "phone", "phone_type"],
              properties: {
                name: { ...nullableString, description: "A saved contact's name, else the name heard on the call, else null." },
                saved: { type: "boolean", description: "true when the name comes from the account's saved contacts." },
                phone: { ...nullableString, description: "The caller's E.164 number; null when anonymous." },
                phone_type: { enum: ["mobile", "landline", "voip", "unknown"] },
              },
            },
            started_at: isoDate,
            ended_at: isoDate,
            duration_seconds: { type: "integer", minimum: 0 },
            summary: nullableString,
            transcript: {
              type: "array",
              items: {
                type: "object",
                additionalProperties: false,
                required: ["role", "text", "start_ms", "end_ms"],
                properties: {
                  role: { enum: ["agent", "caller"] },
                  text: { type: "string" },
                  start_ms: {
                    type: ["integer", "null"],
                    minimum: 0,
                    description: "Offset from the start of the call in ms; null when the platform gives no times (Synthflow).",
                  },
                  end_ms: { type: ["integer", "null"], minimum: 0 },
                },
              },
            },
            transcript_text: { type: "string", description: "The transcript as plain text, one line per turn." },
            recording_url: {
              type: ["string", "null"],
              format: "uri",
              description: "An Aftercall link (/r/…) that redirects to the recording while it exists; null when there is none.",
            },
            platform: {
              type: ["object", "null"],
              description: "The voice platform connection the call came from; null for calls sent in Aftercall's own format or by Twilio.",
              additionalProperties: false,
              required: ["name", "connection_id", "agent_id"],
              properties: {
                name: { enum: [...PLATFORMS] },
                connection_id: { type: ["string", "null"], pattern: "^con_", description: "null once the connection is deleted." },
                agent_id: { ...nullableString, description: "The platform's agent or assistant id." },
              },
            },
            analysis: {
              type: ["object", "null"],
              description: "The platform's own post-call analysis as it sent it, under its own keys; null when there is none.",
            },
          },
        },
        actions: {
          type: "array",
          description:
            "The call's SMS and email actions as they stood when this webhook was built (once each had a first outcome). Receipts that arrive later (delivered, undelivered, bounced, …) show in the API's GET /api/v1/calls/{id}, not in a second webhook.",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id", "channel", "to", "status", "credits", "error"],
            properties: {
              id: {
                type: "string",
                pattern: "^(act|dlv)_[0-9a-z]+$",
                description: "The post-call action's id (act_…); the delivery's id (dlv_…) only when the action was deleted before this webhook was built.",
              },
              channel: { enum: ["sms", "email"] },
              to: { type: "string" },
              status: { enum: [...ACTION_RESULTS] },
              credits: { type: "integer", minimum: 0 },
              error: nullableString,
            },
          },
        },
      },
    },
  },
} as const;
