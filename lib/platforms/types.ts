import type { CallStatus } from "@/db/schema";

/**
 * Voice platform connections (docs/architecture.md, "Voice platforms"): each platform's post-call
 * webhook is taken as the platform sends it. An adapter knows two things about its platform — how it
 * signs, and how its end-of-call body maps onto our one call model — and nothing about the database.
 */
export const PLATFORMS = ["vapi", "retell", "bland", "elevenlabs", "synthflow"] as const;
export type PlatformName = (typeof PLATFORMS)[number];

/** Why a request was refused before anything was parsed (always answered 401). */
export type VerifyFailure = { ok: false; message: string };
export type VerifyResult = { ok: true } | VerifyFailure;

/** A transcript turn in our shape; offsets from the call's start in ms, null where the platform gives none. */
export type PlatformTurn = { role: "agent" | "caller"; text: string; start_ms: number | null; end_ms: number | null };

/**
 * One platform call in our model. Numbers are E.164 or null (a web call, an anonymous caller, a
 * platform that does not send them); times are ISO 8601 strings.
 */
export type PlatformCall = {
  /** The platform's own call id: the idempotency key, with the connection. */
  externalId: string;
  /** The platform's agent / assistant id, when it sends one. */
  agentId: string | null;
  direction: "inbound" | "outbound";
  /** The agent's number (`to` on inbound calls, `from` on outbound ones), when sent. */
  agentNumber: string | null;
  /** The other party's number; null when anonymous or not sent. */
  callerNumber: string | null;
  status: CallStatus;
  startedAt: string;
  endedAt: string;
  contactName: string | null;
  summary: string | null;
  transcript: PlatformTurn[];
  /** The platform's recording URL (https only), or null. */
  recordingUrl: string | null;
  /** The platform's post-call analysis as sent, under its own keys; null when there is none. */
  analysis: Record<string, unknown> | null;
};

/**
 * What one inbound body means:
 * - `ignored`: an event type we don't act on (answered 200 at once, nothing stored);
 * - `call` + `final: true`: the end-of-call event; the actions run now (once per call);
 * - `call` + `final: false`: the call ended but its analysis follows in a later event (Retell's
 *   `call_ended`): store it, run the actions when the final event comes or after the connection's wait.
 */
export type PlatformEvent = { kind: "ignored"; type: string } | { kind: "call"; final: boolean; call: PlatformCall };

export type PlatformAdapter = {
  name: PlatformName;
  /** As shown to people: "Vapi", "Retell", "Bland", "ElevenLabs", "Synthflow". */
  label: string;
  /**
   * Whether a valid request proves its whole body came from the platform. Synthflow signs only the
   * call id, with no timestamp, so one captured delivery could be replayed with any body: its events
   * may create a call but never change one already stored. (Vapi's plain-secret header covers no body
   * either, but it is the secret itself: whoever holds it can sign anything.)
   */
  signsBody: boolean;
  /**
   * Checks the request's signature over the exact bytes received, in constant time, before anything
   * else is read (Synthflow signs only `call.call_id`, so its verifier reads that one field).
   * `now` is epoch ms (tests pass it).
   */
  verify(headers: Pick<Headers, "get">, raw: Buffer, secret: string, now: number): VerifyResult;
  /**
   * The parsed JSON body → an event, or throws `AppError.badRequest` naming each field that does not fit
   * the platform's shape (e.g. `message.call.id`).
   */
  parse(body: unknown): PlatformEvent;
};
