import { z } from "zod";
import type { CallStatus } from "@/db/schema";
import { PLATFORM_LABELS } from "./guides";
import {
  callTimes,
  compactObject,
  durationMs,
  e164OrNull,
  fail,
  finishTurns,
  header,
  hexDigestMatches,
  hmacSha256,
  httpsOrNull,
  LIMITS,
  msFromIso,
  nameFromVariables,
  objectOrNull,
  parseShape,
  splitLabelledTranscript,
  textOrNull,
  zBool,
  zId,
  zNumber,
  zRecord,
  zText,
} from "./shared";
import type { PlatformAdapter, PlatformEvent, PlatformTurn, VerifyResult } from "./types";

/**
 * Bland posts the call-details object (docs.bland.ai, "Call Details") to the call's webhook when
 * the call ends, with no event type: every body is the post-call body. It may post again for the
 * same `call_id` with a corrected transcript; the pipeline treats that as an update.
 */
const LABEL = PLATFORM_LABELS.bland;

/**
 * `X-Webhook-Signature`: hex HMAC-SHA256 of the body with the signing secret. No timestamp.
 *
 * Over the exact bytes first. Bland's own verification sample signs `JSON.stringify(req.body)`, the
 * body re-serialised compactly: if its sender signs that form and sends the body formatted otherwise,
 * the bytes differ while the content is the same. So a body whose bytes don't match is also checked
 * in that compact form — it is still the content that was signed, and still nothing is acted on
 * before a signature holds.
 */
export function verifyBland(headers: Pick<Headers, "get">, raw: Buffer, secret: string): VerifyResult {
  const signature = header(headers, "x-webhook-signature");
  if (signature === null) return fail("x-webhook-signature is missing");
  if (hexDigestMatches(signature, hmacSha256(secret, raw))) return { ok: true };
  const compact = compactJson(raw);
  if (compact !== null && !raw.equals(compact) && hexDigestMatches(signature, hmacSha256(secret, compact))) return { ok: true };
  return fail("the signature does not match the body");
}

function compactJson(raw: Buffer): Buffer | null {
  try {
    return Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))), "utf8");
  } catch {
    return null;
  }
}

// --- shape ---------------------------------------------------------------------------------------

const utteranceSchema = z.object({ created_at: zText, text: zText, user: zText });

const callSchema = z.object(
  {
    // The docs type it a number, real calls send a UUID string: accept both.
    call_id: z.union([zId, z.number().int().transform(String)], { message: "is required (the call id)" }),
    pathway_id: zText,
    to: zText,
    from: zText,
    inbound: zBool,
    status: zText,
    completed: zBool,
    answered_by: zText,
    error_message: zText,
    created_at: zText,
    started_at: zText,
    end_at: zText,
    call_length: zNumber,
    corrected_duration: z.union([z.string(), z.number()], { message: "must be a number of seconds" }).nullish(),
    summary: zText,
    transcripts: z.array(utteranceSchema, { message: "must be an array of utterances" }).nullish(),
    concatenated_transcript: zText,
    recording_url: zText,
    variables: zRecord,
    analysis: z.unknown().optional(),
    metadata: zRecord,
  },
  { message: "the body must be a JSON object" },
);

export function parseBland(body: unknown): PlatformEvent {
  const c = parseShape(callSchema, body, LABEL);
  const inbound = c.inbound === true;
  const [agent, other] = inbound ? [c.to, c.from] : [c.from, c.to];
  const startMs = msFromIso(c.started_at) ?? msFromIso(c.created_at);
  // call_length is minutes (float); corrected_duration is seconds (a string, as captured).
  const duration = durationMs(c.corrected_duration, "s") ?? durationMs(c.call_length, "min");
  const analysis = objectOrNull(c.analysis);
  return {
    kind: "call",
    final: true,
    call: {
      externalId: c.call_id,
      agentId: textOrNull(c.pathway_id, LIMITS.externalId),
      direction: inbound ? "inbound" : "outbound",
      agentNumber: e164OrNull(agent),
      callerNumber: e164OrNull(other),
      status: blandStatus(c),
      ...callTimes({ startMs, endMs: msFromIso(c.end_at), durationMs: duration }),
      contactName: nameFromVariables(c.variables, c.metadata, analysis),
      summary: textOrNull(c.summary),
      transcript: finishTurns(
        c.transcripts && c.transcripts.length > 0
          ? blandTurns(c.transcripts, startMs)
          : splitLabelledTranscript(c.concatenated_transcript ?? "", { agent: ["assistant", "agent"], caller: ["user"] }),
      ),
      recordingUrl: httpsOrNull(c.recording_url),
      analysis: compactObject({ analysis: c.analysis, variables: c.variables }),
    },
  };
}

/**
 * The only per-utterance time is `created_at` (ISO), taken as the turn's start relative to the
 * call's start; Bland gives no end. `agent-action` entries are tool actions, not speech.
 */
function blandTurns(utterances: z.infer<typeof utteranceSchema>[], startMs: number | null): PlatformTurn[] {
  const turns: PlatformTurn[] = [];
  for (const u of utterances) {
    const role = u.user === "user" ? "caller" : u.user === "assistant" || u.user === "robot" ? "agent" : null;
    if (!role || !u.text) continue;
    const at = msFromIso(u.created_at);
    turns.push({ role, text: u.text, start_ms: at !== null && startMs !== null ? at - startMs : null, end_ms: null });
  }
  return turns;
}

/**
 * Bland's status fields → ours (Bland documents no closed list, so this reads the likely values):
 * | Bland                                                         | status    |
 * |---------------------------------------------------------------|-----------|
 * | status no-answer / no_answer, or answered_by no-answer        | no-answer |
 * | status busy                                                   | busy      |
 * | status canceled / cancelled                                   | canceled  |
 * | status failed / error, or an error_message on an uncompleted  | failed    |
 * |   call                                                        |           |
 * | anything else (completed, voicemail answered…)                | completed |
 */
export function blandStatus(c: { status?: string | null; answered_by?: string | null; error_message?: string | null; completed?: boolean | null }): CallStatus {
  const status = c.status?.toLowerCase().replace(/_/g, "-");
  if (status === "no-answer" || c.answered_by === "no-answer") return "no-answer";
  if (status === "busy") return "busy";
  if (status === "canceled" || status === "cancelled") return "canceled";
  if (status === "failed" || status === "error" || (c.completed === false && textOrNull(c.error_message))) return "failed";
  return "completed";
}

export const blandAdapter: PlatformAdapter = {
  name: "bland",
  label: LABEL,
  signsBody: true,
  // Bland signs no timestamp, so its verifier takes no `now`.
  verify: verifyBland,
  parse: parseBland,
};
