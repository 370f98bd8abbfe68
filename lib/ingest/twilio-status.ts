import twilio from "twilio";
import { getEnv } from "@/lib/env";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { callEndedDataSchema, type CallEndedInput } from "./event-schema";
import { readBodyLimited, type InboundRequest } from "./read-body";

/**
 * Twilio's voice status callback, mapped onto the call-end pipeline. Twilio signs the public URL it
 * called, so we check against APP_URL + path (a proxy in front changes the request's own URL).
 */
export const TWILIO_STATUS_PATH = "/api/v1/twilio/voice-status";

const TERMINAL = { completed: "completed", busy: "busy", "no-answer": "no-answer", failed: "failed", canceled: "canceled" } as const;

export function twilioPublicUrl(request: InboundRequest, path = TWILIO_STATUS_PATH): string {
  return `${getEnv().APP_URL}${path}${new URL(request.url).search}`;
}

/**
 * 404 when Twilio is not configured here; 403 when the signature does not match. `path` is the
 * route's own path: the message status callback is checked the same way as the voice one.
 */
export function verifyTwilioSignature(request: InboundRequest, params: Record<string, string>, path = TWILIO_STATUS_PATH) {
  const token = getEnv().TWILIO_AUTH_TOKEN;
  if (!token) {
    throw new AppError(404, "not_configured", "The Twilio adapter is not configured: set TWILIO_AUTH_TOKEN.");
  }
  const signature = request.headers.get("x-twilio-signature");
  if (!signature || !twilio.validateRequest(token, signature, twilioPublicUrl(request, path), params)) {
    throw new AppError(403, "invalid_signature", "X-Twilio-Signature does not match. Check TWILIO_AUTH_TOKEN and APP_URL.");
  }
}

/** A Twilio callback's form body (415 for anything else, 413 past 64 KiB), verified for `path` (403, 404). */
export async function readTwilioCallback(request: InboundRequest, path: string): Promise<Record<string, string>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Twilio status callbacks are application/x-www-form-urlencoded.");
  }
  const raw = await readBodyLimited(request, 64 * 1024);
  const params = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  verifyTwilioSignature(request, params, path);
  return params;
}

const isE164 = (v: string | undefined) => !!v && /^\+[1-9]\d{6,14}$/.test(v);

/**
 * A terminal status → our call-end input (event id `twilio:<CallSid>`, so Twilio's retries are
 * duplicates); a non-terminal one → null (the caller answers 204).
 */
export function mapTwilioStatus(params: Record<string, string>, now = new Date()): CallEndedInput | null {
  const status = TERMINAL[params.CallStatus as keyof typeof TERMINAL];
  if (!status) return null;
  const outbound = (params.Direction ?? "inbound").startsWith("outbound");
  // A duration or timestamp out of Date's range used to throw a RangeError (a 500): refuse it instead.
  const durationText = (params.CallDuration ?? "0").trim() || "0";
  if (!/^\d{1,7}$/.test(durationText)) {
    throw AppError.badRequest("The status callback is not valid.", [{ field: "CallDuration", message: "must be a whole number of seconds" }]);
  }
  const duration = Number(durationText);
  const stamp = params.Timestamp ? new Date(params.Timestamp) : now;
  const endedAt = Number.isNaN(stamp.getTime()) ? now : stamp;
  const startedAt = new Date(endedAt.getTime() - duration * 1000);
  if (Number.isNaN(startedAt.getTime())) {
    throw AppError.badRequest("The status callback is not valid.", [{ field: "Timestamp", message: "is out of range" }]);
  }
  // Twilio reports a withheld caller ID as "Anonymous", "Restricted" or a non-number.
  const from = outbound || isE164(params.From) ? params.From : "anonymous";
  const recording = params.RecordingUrl?.startsWith("https://") ? params.RecordingUrl : null;
  const raw = {
    call_id: params.CallSid,
    to: params.To,
    from,
    direction: outbound ? "outbound" : "inbound",
    status,
    started_at: startedAt.toISOString(),
    ended_at: endedAt.toISOString(),
    contact_name: params.CallerName && !/^(anonymous|unknown)$/i.test(params.CallerName) ? params.CallerName : null,
    summary: null,
    transcript: [],
    recording_url: recording,
  };
  const parsed = callEndedDataSchema.safeParse(raw);
  if (!parsed.success) {
    const names: Record<string, string> = { call_id: "CallSid", to: "To", from: "From" };
    throw AppError.badRequest(
      "The status callback is missing fields.",
      fieldErrorsFromZod(parsed.error.issues.map((i) => ({ ...i, path: [names[String(i.path[0])] ?? String(i.path[0])] }))),
    );
  }
  return { eventId: `twilio:${params.CallSid}`, data: parsed.data };
}
