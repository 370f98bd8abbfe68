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
  nameFromVariables,
  objectOrNull,
  parseShape,
  splitLabelledTranscript,
  textOrNull,
  zId,
  zNumber,
  zRecord,
  zText,
} from "./shared";
import type { PlatformAdapter, PlatformEvent, PlatformTurn, VerifyResult } from "./types";

/**
 * Retell posts `{"event": ..., "call": {...}}` (the call as in the SDK's `PhoneCallResponse` /
 * `WebCallResponse`). `call_ended` carries everything but the analysis; `call_analyzed` follows
 * with `call_analysis` (the summary). Both are acted on: the first stores the call, the second
 * completes it. Other events (`call_started`, `transcript_updated`, transfers) are ignored.
 */
const LABEL = PLATFORM_LABELS.retell;
const TOLERANCE_MS = 5 * 60 * 1000;
const SIGNATURE = /^v=(\d{1,16}),d=([0-9a-fA-F]+)$/;

/**
 * `x-retell-signature: v=<ms>,d=<hex HMAC-SHA256(api key, body + ms)>`, ±5 minutes, as `verify` in
 * `retell-sdk/lib/webhook_auth` (which formats the timestamp back from a number: we do the same).
 */
export function verifyRetell(headers: Pick<Headers, "get">, raw: Buffer, secret: string, now: number): VerifyResult {
  const value = header(headers, "x-retell-signature");
  if (value === null) return fail("x-retell-signature is missing");
  const match = SIGNATURE.exec(value);
  if (!match) return fail("x-retell-signature is not in the form v=<timestamp>,d=<hex signature>");
  const stamp = Number(match[1]);
  if (Math.abs(now - stamp) > TOLERANCE_MS) return fail("the timestamp is more than 5 minutes from now");
  const expected = hmacSha256(secret, raw, String(stamp));
  return hexDigestMatches(match[2]!, expected) ? { ok: true } : fail("the signature does not match the body");
}

// --- shape ---------------------------------------------------------------------------------------

const wordSchema = z.object({ start: zNumber, end: zNumber });
const utteranceSchema = z.object({
  role: z.string({ message: "must be a string" }),
  content: zText,
  words: z.array(wordSchema, { message: "must be an array" }).nullish(),
});

const callSchema = z.object(
  {
    call_id: zId,
    agent_id: zText,
    call_type: zText,
    direction: zText,
    from_number: zText,
    to_number: zText,
    call_status: zText,
    disconnection_reason: zText,
    start_timestamp: zNumber,
    end_timestamp: zNumber,
    duration_ms: zNumber,
    transcript: zText,
    transcript_object: z.array(utteranceSchema, { message: "must be an array of utterances" }).nullish(),
    recording_url: zText,
    call_analysis: z.looseObject({ call_summary: zText, custom_analysis_data: z.unknown().optional() }, { message: "must be an object" }).nullish(),
    retell_llm_dynamic_variables: zRecord,
    collected_dynamic_variables: zRecord,
  },
  { message: "is required (the call object, with its call_id)" },
);

const envelopeSchema = z.object(
  { event: z.string({ message: "is required (the event type, e.g. call_ended)" }) },
  { message: "the body must be a JSON object" },
);
const eventSchema = z.object({ call: callSchema });

const ACTED_ON = ["call_ended", "call_analyzed"];

export function parseRetell(body: unknown): PlatformEvent {
  const { event } = parseShape(envelopeSchema, body, LABEL);
  if (!ACTED_ON.includes(event)) return { kind: "ignored", type: event };
  const { call } = parseShape(eventSchema, body, LABEL);

  // A web call has no numbers; it counts as inbound.
  const phone = call.call_type !== "web_call";
  const outbound = phone && call.direction === "outbound";
  const [agent, other] = outbound ? [call.from_number, call.to_number] : [call.to_number, call.from_number];
  const analysis = call.call_analysis;
  return {
    kind: "call",
    final: event === "call_analyzed",
    call: {
      externalId: call.call_id,
      agentId: textOrNull(call.agent_id, LIMITS.externalId),
      direction: outbound ? "outbound" : "inbound",
      agentNumber: phone ? e164OrNull(agent) : null,
      callerNumber: phone ? e164OrNull(other) : null,
      status: retellStatus(call.disconnection_reason, call.call_status),
      ...callTimes({
        startMs: msFromEpoch(call.start_timestamp, "ms"),
        endMs: msFromEpoch(call.end_timestamp, "ms"),
        durationMs: durationMs(call.duration_ms, "ms"),
      }),
      contactName: nameFromVariables(
        objectOrNull(analysis?.custom_analysis_data),
        call.collected_dynamic_variables,
        call.retell_llm_dynamic_variables,
      ),
      summary: textOrNull(analysis?.call_summary),
      transcript: finishTurns(
        call.transcript_object && call.transcript_object.length > 0
          ? retellTurns(call.transcript_object)
          : splitLabelledTranscript(call.transcript ?? "", { agent: ["Agent"], caller: ["User"] }),
      ),
      recordingUrl: httpsOrNull(call.recording_url),
      analysis: objectOrNull(analysis),
    },
  };
}

/**
 * Retell gives word times only (seconds from the audio's start, "an approximation"), so a turn runs
 * from its first word's start to its last word's end. A transfer target is the business side.
 */
function retellTurns(utterances: z.infer<typeof utteranceSchema>[]): PlatformTurn[] {
  return utterances.map((u) => {
    const words = u.words ?? [];
    const first = words[0]?.start;
    const last = words[words.length - 1]?.end;
    return {
      role: u.role === "user" ? "caller" : "agent",
      text: u.content ?? "",
      start_ms: typeof first === "number" ? first * 1000 : null,
      end_ms: typeof last === "number" ? last * 1000 : null,
    };
  });
}

/**
 * Retell `disconnection_reason` → our status:
 * | disconnection_reason                                                  | status    |
 * |-----------------------------------------------------------------------|-----------|
 * | dial_no_answer                                                        | no-answer |
 * | dial_busy, user_declined                                              | busy      |
 * | dial_failed, invalid_destination, telephony_provider_*, sip_routing_  | failed    |
 * |   error, no_valid_payment, concurrency_limit_reached, no_concurrency_ |           |
 * |   fallback, scam_detected, marked_as_spam, registered_call_timeout,   |           |
 * |   error_* (and call_status "error" whatever the reason)               |           |
 * | manual_stopped before the call connected (call_status not_connected)  | canceled  |
 * | everything else (user_hangup, agent_hangup, call_transfer, voicemail_ | completed |
 * |   reached, inactivity, max_duration_reached, manual_stopped mid-call…)|           |
 */
export function retellStatus(reason: string | null | undefined, callStatus: string | null | undefined): CallStatus {
  if (reason === "dial_no_answer") return "no-answer";
  if (reason === "dial_busy" || reason === "user_declined") return "busy";
  if (reason && (FAILED.has(reason) || reason.startsWith("error_") || reason.startsWith("telephony_provider_"))) return "failed";
  if (reason === "manual_stopped" && callStatus === "not_connected") return "canceled";
  if (callStatus === "error") return "failed";
  return "completed";
}

const FAILED = new Set([
  "dial_failed",
  "invalid_destination",
  "sip_routing_error",
  "no_valid_payment",
  "concurrency_limit_reached",
  "no_concurrency_fallback",
  "scam_detected",
  "marked_as_spam",
  "registered_call_timeout",
]);

export const retellAdapter: PlatformAdapter = { name: "retell", label: LABEL, signsBody: true, verify: verifyRetell, parse: parseRetell };
