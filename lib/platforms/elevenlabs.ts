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
  LIMITS,
  msFromEpoch,
  nameFromVariables,
  objectOrNull,
  parseShape,
  textOrNull,
  zId,
  zNumber,
  zRecord,
  zText,
} from "./shared";
import type { PlatformAdapter, PlatformEvent, VerifyResult } from "./types";

/**
 * ElevenLabs Agents posts `{"type", "event_timestamp", "data"}`; for `post_call_transcription`,
 * `data` is the GET Conversation response (`GetConversationResponseModel` in
 * `@elevenlabs/elevenlabs-js`, snake_case on the wire). Audio arrives as a separate
 * `post_call_audio` event, which is ignored: there is no recording URL to keep.
 */
const LABEL = PLATFORM_LABELS.elevenlabs;
const MAX_AGE_MS = 30 * 60 * 1000;

/**
 * `ElevenLabs-Signature: t=<unix s>,v0=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Like the SDK's
 * `webhooks.constructEvent`, a timestamp older than 30 minutes is refused and a future one is not
 * (its clock is the reference). The `t` text is signed as sent.
 */
export function verifyElevenLabs(headers: Pick<Headers, "get">, raw: Buffer, secret: string, now: number): VerifyResult {
  const value = header(headers, "elevenlabs-signature");
  if (value === null) return fail("elevenlabs-signature is missing");
  const parts = value.split(",").map((p) => p.trim());
  const t = parts.find((p) => p.startsWith("t="))?.slice(2);
  const signatures = parts.filter((p) => p.startsWith("v0=")).map((p) => p.slice(3));
  if (!t || signatures.length === 0) return fail("elevenlabs-signature is not in the form t=<timestamp>,v0=<hex signature>");
  if (!/^\d{1,12}$/.test(t)) return fail("the elevenlabs-signature timestamp is not a number of seconds");
  if (Number(t) * 1000 < now - MAX_AGE_MS) return fail("the timestamp is more than 30 minutes old");
  const expected = hmacSha256(secret, `${t}.`, raw);
  return signatures.some((s) => hexDigestMatches(s, expected)) ? { ok: true } : fail("the signature does not match the body");
}

// --- shape ---------------------------------------------------------------------------------------

const turnSchema = z.object({ role: z.string({ message: "must be a string" }), message: zText, time_in_call_secs: zNumber });

const dataSchema = z.object(
  {
    conversation_id: zId,
    agent_id: zText,
    status: zText,
    transcript: z.array(turnSchema, { message: "must be an array of turns" }).nullish(),
    metadata: z
      .object(
        {
          start_time_unix_secs: zNumber,
          call_duration_secs: zNumber,
          phone_call: z
            .object({ direction: zText, agent_number: zText, external_number: zText, call_result: zText }, { message: "must be an object" })
            .nullish(),
        },
        { message: "must be an object" },
      )
      .nullish(),
    analysis: z
      .looseObject(
        {
          transcript_summary: zText,
          data_collection_results: z.record(z.string(), z.looseObject({ value: z.unknown().optional() }), { message: "must be an object" }).nullish(),
        },
        { message: "must be an object" },
      )
      .nullish(),
    conversation_initiation_client_data: z.object({ dynamic_variables: zRecord }, { message: "must be an object" }).nullish(),
  },
  { message: "is required (the conversation)" },
);

const envelopeSchema = z.object(
  { type: z.string({ message: "is required (the event type, e.g. post_call_transcription)" }) },
  { message: "the body must be a JSON object" },
);
const eventSchema = z.object({ event_timestamp: zNumber, data: dataSchema });

export function parseElevenLabs(body: unknown): PlatformEvent {
  const { type } = parseShape(envelopeSchema, body, LABEL);
  if (type !== "post_call_transcription") return { kind: "ignored", type };
  const { data, event_timestamp } = parseShape(eventSchema, body, LABEL);

  // No phone_call: a widget or web conversation, counted as inbound with no numbers.
  const phone = data.metadata?.phone_call;
  const outbound = phone?.direction === "outbound";
  const start = msFromEpoch(data.metadata?.start_time_unix_secs, "s");
  const duration = durationMs(data.metadata?.call_duration_secs, "s");
  const collected = Object.fromEntries(Object.entries(data.analysis?.data_collection_results ?? {}).map(([k, v]) => [k, v.value]));
  return {
    kind: "call",
    final: true,
    call: {
      externalId: data.conversation_id,
      agentId: textOrNull(data.agent_id, LIMITS.externalId),
      direction: outbound ? "outbound" : "inbound",
      agentNumber: e164OrNull(phone?.agent_number),
      callerNumber: e164OrNull(phone?.external_number),
      status: elevenLabsStatus(phone?.call_result, data.status),
      ...callTimes({
        startMs: start,
        endMs: start === null ? msFromEpoch(event_timestamp, "s") : null,
        durationMs: duration,
      }),
      contactName: nameFromVariables(collected, data.conversation_initiation_client_data?.dynamic_variables),
      summary: textOrNull(data.analysis?.transcript_summary),
      // Turns carry their start only (seconds into the call). Tool-call-only turns have no text.
      transcript: finishTurns(
        (data.transcript ?? []).map((t) => ({
          role: t.role === "user" ? "caller" : "agent",
          text: t.message ?? "",
          start_ms: typeof t.time_in_call_secs === "number" ? t.time_in_call_secs * 1000 : null,
          end_ms: null,
        })),
      ),
      recordingUrl: null,
      analysis: objectOrNull(data.analysis),
    },
  };
}

/**
 * `metadata.phone_call.call_result` (the SDK's `CallResult`) → our status; without it, a
 * conversation whose `status` is "failed" failed, and any other one completed.
 * | call_result          | status    |
 * |----------------------|-----------|
 * | answered, voicemail  | completed |
 * | no_answer            | no-answer |
 * | busy                 | busy      |
 * | failed               | failed    |
 */
export function elevenLabsStatus(callResult: string | null | undefined, status: string | null | undefined): CallStatus {
  if (callResult === "no_answer") return "no-answer";
  if (callResult === "busy") return "busy";
  if (callResult === "failed" || (!callResult && status === "failed")) return "failed";
  return "completed";
}

export const elevenLabsAdapter: PlatformAdapter = { name: "elevenlabs", label: LABEL, signsBody: true, verify: verifyElevenLabs, parse: parseElevenLabs };
