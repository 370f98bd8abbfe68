import { z } from "zod";
import type { CallStatus } from "@/db/schema";
import { PLATFORM_LABELS } from "./guides";
import {
  callTimes,
  durationMs,
  e164OrNull,
  fail,
  finishTurns,
  header,
  hexDigestMatches,
  hmacSha256,
  httpsOrNull,
  LIMITS,
  msFromEpoch,
  msFromIso,
  objectOrNull,
  parseShape,
  secretMatches,
  splitLabelledTranscript,
  textOrNull,
  zId,
  zNumber,
  zText,
} from "./shared";
import type { PlatformAdapter, PlatformEvent, PlatformTurn, VerifyResult } from "./types";

/**
 * Vapi posts every server message as `{"message": {...}}`; we act on `end-of-call-report`, sent once
 * after post-call processing (analysis included). Shapes follow the `ServerMessageEndOfCallReport`,
 * `Artifact` and `Call` types of `@vapi-ai/server-sdk`; older payloads duplicate `summary`,
 * `transcript`, `messages` and `recordingUrl` at message level, and those are read too.
 */
const LABEL = PLATFORM_LABELS.vapi;
const TOLERANCE_MS = 5 * 60 * 1000;

/**
 * Vapi lets the customer choose how its requests are authenticated, so any of its three default
 * forms is accepted: the plain `x-vapi-secret` header (Vapi's default, the secret itself), a Bearer
 * token, or the HMAC credential with its defaults (hex over `{x-timestamp}.{body}`). When several
 * are present, one that holds is enough; otherwise the first present one's failure is reported.
 */
export function verifyVapi(headers: Pick<Headers, "get">, raw: Buffer, secret: string, now: number): VerifyResult {
  const attempts: (() => VerifyResult)[] = [];
  const plain = header(headers, "x-vapi-secret");
  if (plain !== null) {
    attempts.push(() => (secretMatches(plain, secret) ? { ok: true } : fail("x-vapi-secret does not match the connection's secret")));
  }
  const authorization = header(headers, "authorization");
  if (authorization !== null) attempts.push(() => verifyBearer(authorization, secret));
  const signature = header(headers, "x-signature");
  if (signature !== null) attempts.push(() => verifyHmac(signature, header(headers, "x-timestamp"), raw, secret, now));
  if (attempts.length === 0) return fail("none of x-vapi-secret, Authorization or x-signature is present");
  const results = attempts.map((attempt) => attempt());
  return results.find((r) => r.ok) ?? results[0]!;
}

function verifyBearer(authorization: string, secret: string): VerifyResult {
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  if (!match) return fail("Authorization is not in the form Bearer <secret>");
  return secretMatches(match[1]!.trim(), secret) ? { ok: true } : fail("the Bearer token does not match the connection's secret");
}

function verifyHmac(signature: string, timestamp: string | null, raw: Buffer, secret: string, now: number): VerifyResult {
  if (timestamp === null) return fail("x-timestamp is missing (the HMAC signature covers it)");
  if (!/^\d{1,16}$/.test(timestamp)) return fail("x-timestamp is not a number of seconds or milliseconds");
  // Vapi does not document the unit; a value past 1e12 can only be milliseconds.
  const n = Number(timestamp);
  const ms = n > 1e12 ? n : n * 1000;
  if (Math.abs(now - ms) > TOLERANCE_MS) return fail("the x-timestamp is more than 5 minutes from now");
  const expected = hmacSha256(secret, `${timestamp}.`, raw);
  return hexDigestMatches(signature, expected) ? { ok: true } : fail("the signature does not match the body");
}

// --- shape ---------------------------------------------------------------------------------------

const turnSchema = z.object({
  role: z.string({ message: "must be a string" }),
  message: zText,
  time: zNumber,
  endTime: zNumber,
  secondsFromStart: zNumber,
  duration: zNumber,
});
const turnsSchema = z.array(turnSchema, { message: "must be an array of messages" }).nullish();
const numberSchema = z.object({ number: zText }, { message: "must be an object" }).nullish();
const customerSchema = z.object({ number: zText, name: zText }, { message: "must be an object" }).nullish();

const reportSchema = z.object(
  {
    message: z.object(
      {
        type: z.literal("end-of-call-report"),
        endedReason: zText,
        timestamp: zNumber,
        startedAt: zText,
        endedAt: zText,
        phoneNumber: numberSchema,
        customer: customerSchema,
        call: z.object(
          {
            id: zId,
            type: zText,
            assistantId: zText,
            endedReason: zText,
            startedAt: zText,
            endedAt: zText,
            createdAt: zText,
            phoneNumber: numberSchema,
            customer: customerSchema,
          },
          { message: "is required (the call object, with its id)" },
        ),
        artifact: z
          .object(
            {
              messages: turnsSchema,
              transcript: zText,
              recordingUrl: zText,
              recording: z.object({ mono: z.object({ combinedUrl: zText }).nullish() }, { message: "must be an object" }).nullish(),
            },
            { message: "must be an object" },
          )
          .nullish(),
        analysis: z.looseObject({ summary: zText }, { message: "must be an object" }).nullish(),
        // Legacy message-level copies (older Vapi payloads).
        summary: zText,
        transcript: zText,
        messages: turnsSchema,
        recordingUrl: zText,
        durationSeconds: zNumber,
      },
      { message: "is required (Vapi sends every server message as {\"message\": {...}})" },
    ),
  },
  { message: "the body must be a JSON object" },
);

const envelopeSchema = z.object(
  { message: z.object({ type: z.string({ message: "is required (the server message type)" }) }, { message: "is required" }) },
  { message: "the body must be a JSON object" },
);

export function parseVapi(body: unknown): PlatformEvent {
  const { type } = parseShape(envelopeSchema, body, LABEL).message;
  if (type !== "end-of-call-report") return { kind: "ignored", type };
  const m = parseShape(reportSchema, body, LABEL).message;
  const call = m.call;

  // webCall (and websocket calls) have no phone numbers; they count as inbound. A report without a
  // call type keeps whatever numbers it carries.
  const outbound = call.type === "outboundPhoneCall";
  const phone = !/web|socket/i.test(call.type ?? "");
  const customer = m.customer ?? call.customer;
  const artifact = m.artifact;

  const endMs = msFromIso(m.endedAt) ?? msFromIso(call.endedAt) ?? msFromEpoch(m.timestamp, "ms");
  const duration = durationMs(m.durationSeconds, "s");
  // A call that never connected may have no startedAt; its creation time is the next best start
  // (unless a duration lets the end imply it).
  const startMs = msFromIso(m.startedAt) ?? msFromIso(call.startedAt) ?? (duration === null ? msFromIso(call.createdAt) : null);

  const turns = artifact?.messages ?? m.messages;
  const transcriptText = artifact?.transcript ?? m.transcript;
  return {
    kind: "call",
    final: true,
    call: {
      externalId: call.id,
      agentId: textOrNull(call.assistantId, LIMITS.externalId),
      direction: outbound ? "outbound" : "inbound",
      agentNumber: phone ? e164OrNull(m.phoneNumber?.number ?? call.phoneNumber?.number) : null,
      callerNumber: phone ? e164OrNull(customer?.number) : null,
      status: vapiStatus(m.endedReason ?? call.endedReason),
      ...callTimes({ startMs, endMs, durationMs: duration }),
      contactName: textOrNull(customer?.name, LIMITS.name),
      summary: textOrNull(m.analysis?.summary ?? m.summary),
      transcript: finishTurns(
        turns && turns.length > 0 ? vapiTurns(turns) : splitLabelledTranscript(transcriptText ?? "", { agent: ["AI", "Assistant", "Bot"], caller: ["User", "Customer"] }),
      ),
      recordingUrl: [artifact?.recording?.mono?.combinedUrl, artifact?.recordingUrl, m.recordingUrl].map(httpsOrNull).find(Boolean) ?? null,
      analysis: objectOrNull(m.analysis),
    },
  };
}

/**
 * Spoken messages only (system prompts and tool calls are not what was said). `secondsFromStart`
 * is seconds; `time`/`endTime` are epoch ms, so their difference is the turn's length, with
 * `duration` (ms in captured payloads) as the fallback.
 */
function vapiTurns(messages: z.infer<typeof turnSchema>[]): PlatformTurn[] {
  const turns: PlatformTurn[] = [];
  for (const msg of messages) {
    const role = msg.role === "bot" || msg.role === "assistant" ? "agent" : msg.role === "user" ? "caller" : null;
    if (!role || !msg.message) continue;
    const start = typeof msg.secondsFromStart === "number" ? msg.secondsFromStart * 1000 : null;
    const length = typeof msg.time === "number" && typeof msg.endTime === "number" ? msg.endTime - msg.time : (msg.duration ?? null);
    turns.push({ role, text: msg.message, start_ms: start, end_ms: start !== null && length !== null ? start + length : null });
  }
  return turns;
}

/**
 * Vapi `endedReason` → our status (the enum has hundreds of provider-error values, so errors are
 * matched by pattern):
 * | endedReason                                                        | status    |
 * |--------------------------------------------------------------------|-----------|
 * | customer-did-not-answer                                            | no-answer |
 * | customer-busy                                                      | busy      |
 * | manually-canceled, call-deleted, scheduled-call-deleted,           | canceled  |
 * |   call.ringing.sip-inbound-caller-hungup-before-call-connect      |           |
 * | anything with "error" / "failed" / "fault", pipeline-*, assistant- | failed    |
 * |   not-found/-not-valid/-join-timed-out/-request-*, twilio/vonage   |           |
 * |   connect failures, misdialed, rejected, provider websocket closed |           |
 * | everything else (customer-ended-call, assistant-ended-call,        | completed |
 * |   silence-timed-out, voicemail, exceeded-max-duration, forwarded…) |           |
 */
export function vapiStatus(reason: string | null | undefined): CallStatus {
  if (!reason) return "completed";
  if (reason === "customer-did-not-answer") return "no-answer";
  if (reason === "customer-busy") return "busy";
  if (CANCELED.has(reason)) return "canceled";
  if (FAILED.has(reason) || /error|failed|fault/.test(reason) || reason.startsWith("pipeline-")) return "failed";
  if (reason.startsWith("assistant-request-") && reason !== "assistant-request-returned-forwarding-phone-number") return "failed";
  return "completed";
}

const CANCELED = new Set([
  "manually-canceled",
  "call-deleted",
  "scheduled-call-deleted",
  "call.ringing.sip-inbound-caller-hungup-before-call-connect",
]);
const FAILED = new Set([
  "assistant-not-found",
  "assistant-not-valid",
  "assistant-not-invalid",
  "assistant-join-timed-out",
  "twilio-reported-customer-misdialed",
  "vonage-rejected",
  "phone-call-provider-closed-websocket",
  "phone-call-provider-bypass-enabled-but-no-call-received",
  "customer-did-not-give-microphone-permission",
  "worker-shutdown",
]);

export const vapiAdapter: PlatformAdapter = { name: "vapi", label: LABEL, signsBody: true, verify: verifyVapi, parse: parseVapi };
