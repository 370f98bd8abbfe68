import { z } from "zod";
import type { CallStatus } from "@/db/schema";
import { PLATFORM_LABELS } from "./guides";
import {
  base64DigestMatches,
  callTimes,
  compactObject,
  durationMs,
  e164OrNull,
  fail,
  finishTurns,
  header,
  hmacSha256,
  httpsOrNull,
  LIMITS,
  msFromIso,
  nameFromVariables,
  parseShape,
  splitLabelledTranscript,
  textOrNull,
  zId,
  zRecord,
  zText,
} from "./shared";
import type { PlatformAdapter, PlatformEvent, VerifyResult } from "./types";

/**
 * Synthflow posts `{status, error_message, lead, call, executed_actions, analysis,
 * collected_variables}` to the call's `external_webhook_url` when the call ends (docs.synthflow.ai,
 * "Post-call webhook"). There is no event type: every body is the post-call body.
 */
const LABEL = PLATFORM_LABELS.synthflow;

/**
 * Synthflow signs only `call.call_id`: base64 HMAC-SHA256(secret, call id), no timestamp. So the one
 * field is read out of the body to check it — and nothing else is read, or trusted, until the
 * signature holds. The header is documented in its WSGI spelling (`HTTP_SYNTHFLOW_SIGNATURE`), which
 * is `Synthflow-Signature` on the wire; both spellings are accepted.
 */
export function verifySynthflow(headers: Pick<Headers, "get">, raw: Buffer, secret: string): VerifyResult {
  const signature = header(headers, "synthflow-signature") ?? header(headers, "http_synthflow_signature");
  if (signature === null) return fail("synthflow-signature is missing");
  const callId = signedCallId(raw);
  if (callId === null) return fail("call.call_id is missing from the body, and Synthflow's signature covers only it");
  return base64DigestMatches(signature, hmacSha256(secret, callId)) ? { ok: true } : fail("the signature does not match the body's call.call_id");
}

function signedCallId(raw: Buffer): string | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return null;
  }
  const call = body && typeof body === "object" ? (body as { call?: unknown }).call : undefined;
  const id = call && typeof call === "object" ? (call as { call_id?: unknown }).call_id : undefined;
  return typeof id === "string" && id.length > 0 ? id : null;
}

// --- shape ---------------------------------------------------------------------------------------

const bodySchema = z.object(
  {
    status: zText,
    lead: z.object({ name: zText, phone_number: zText }, { message: "must be an object" }).nullish(),
    call: z.object(
      {
        call_id: zId,
        model_id: zText,
        status: zText,
        end_call_reason: zText,
        // Seconds; a string in some API responses.
        duration: z.union([z.number(), z.string()], { message: "must be a number of seconds" }).nullish(),
        start_time: zText,
        transcript: zText,
        recording_url: zText,
      },
      { message: "is required (the call object, with its call_id)" },
    ),
    analysis: zRecord,
    collected_variables: zRecord,
    executed_actions: zRecord,
  },
  { message: "the body must be a JSON object" },
);

export function parseSynthflow(body: unknown): PlatformEvent {
  const b = parseShape(bodySchema, body, LABEL);
  const call = b.call;
  return {
    kind: "call",
    final: true,
    call: {
      externalId: call.call_id,
      agentId: textOrNull(call.model_id, LIMITS.externalId),
      // Synthflow sends no direction or agent number; the lead is the other party.
      direction: "inbound",
      agentNumber: null,
      callerNumber: e164OrNull(b.lead?.phone_number),
      status: synthflowStatus(call.status ?? b.status),
      ...callTimes({ startMs: msFromIso(call.start_time), endMs: null, durationMs: durationMs(call.duration, "s") }),
      contactName: textOrNull(b.lead?.name, LIMITS.name) ?? nameFromVariables(collectedValues(b.collected_variables)),
      // analysis.call_summary is a graded flag ("true"/"false"/…), not a text summary.
      summary: null,
      // One string ("\nbot: …\nhuman: …") with no per-turn times.
      transcript: finishTurns(splitLabelledTranscript(call.transcript ?? "", { agent: ["bot"], caller: ["human"] })),
      recordingUrl: httpsOrNull(call.recording_url),
      analysis: compactObject({ analysis: b.analysis, collected_variables: b.collected_variables, executed_actions: b.executed_actions }),
    },
  };
}

/** `collected_variables` is `{name: {value, collected}}`; the values alone. */
function collectedValues(vars: Record<string, unknown> | null | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(vars ?? {}).map(([k, v]) => [k, v && typeof v === "object" ? (v as { value?: unknown }).value : v]),
  );
}

/**
 * Synthflow `call.status` → our status:
 * | call.status                                          | status    |
 * |------------------------------------------------------|-----------|
 * | no-answer / no_answer                                | no-answer |
 * | busy                                                 | busy      |
 * | failed, error                                        | failed    |
 * | canceled / cancelled                                 | canceled  |
 * | completed, hangup_on_voicemail, left_voicemail, …    | completed |
 */
export function synthflowStatus(status: string | null | undefined): CallStatus {
  const s = status?.toLowerCase().replace(/_/g, "-");
  if (s === "no-answer") return "no-answer";
  if (s === "busy") return "busy";
  if (s === "failed" || s === "error") return "failed";
  if (s === "canceled" || s === "cancelled") return "canceled";
  return "completed";
}

export const synthflowAdapter: PlatformAdapter = {
  name: "synthflow",
  label: LABEL,
  signsBody: false,
  // Synthflow signs no timestamp, so its verifier takes no `now`.
  verify: verifySynthflow,
  parse: parseSynthflow,
};
