import { randomUUID } from "node:crypto";
import { SAMPLE_BODIES, SAMPLE_DURATION_S, type SampleCall } from "./sample-bodies";
import { hmacSha256 } from "./shared";
import type { PlatformName } from "./types";

/**
 * Realistic, signed end-of-call bodies for each platform, shaped as the platform sends them (see
 * tests/fixtures/platforms/README.md for the sources). Used by the simulator, the tests, the e2e spec
 * and the benchmark; Vapi's is the benchmark's "largest typical body" (a full end-of-call report).
 */
export type SampleOptions = {
  secret: string;
  externalId?: string;
  agentNumber?: string;
  /** The platform's agent / assistant id the call names (routing by agent); each platform's sample has a default. */
  agentId?: string;
  callerNumber?: string;
  /** Epoch ms of the delivery (the signature's time); the call ended 20 s before. */
  now?: number;
  /** Retell only: which of its two events (default call_analyzed, the one with the summary). */
  stage?: "call_ended" | "call_analyzed";
  summary?: string;
};

export type SignedRequest = { headers: Record<string, string>; body: string };
export type VapiAuth = "secret" | "hmac" | "bearer";

const DEFAULT_SUMMARY =
  "Caller at 12 Smith St, Paddington reports a burst pipe under the kitchen sink; water is off at the mains. Wants a plumber today, any time after 1 pm.";

export function signedSampleEvent(platform: PlatformName, opts: SampleOptions): SignedRequest {
  const now = opts.now ?? Date.now();
  const endMs = now - 20_000;
  const call: SampleCall = {
    externalId: opts.externalId ?? defaultId(platform),
    agentNumber: opts.agentNumber ?? "+61290001234",
    ...(opts.agentId ? { agentId: opts.agentId } : {}),
    callerNumber: opts.callerNumber ?? "+61412345678",
    now,
    stage: opts.stage ?? "call_analyzed",
    summary: opts.summary ?? DEFAULT_SUMMARY,
    startMs: endMs - Math.round(SAMPLE_DURATION_S * 1000),
    endMs,
  };
  const body = JSON.stringify(SAMPLE_BODIES[platform](call));
  return { headers: signBody(platform, body, opts.secret, now), body };
}

/** Headers that sign `body` the platform's way (Vapi: its plain-secret header unless asked otherwise). */
export function signBody(platform: PlatformName, body: string, secret: string, now: number, opts: { vapi?: VapiAuth } = {}): Record<string, string> {
  const json = { "content-type": "application/json" };
  switch (platform) {
    case "vapi":
      if (opts.vapi === "bearer") return { ...json, authorization: `Bearer ${secret}` };
      if (opts.vapi === "hmac") {
        const timestamp = String(now);
        return { ...json, "x-timestamp": timestamp, "x-signature": hmacSha256(secret, `${timestamp}.${body}`).toString("hex") };
      }
      return { ...json, "x-vapi-secret": secret };
    case "retell":
      return { ...json, "x-retell-signature": `v=${now},d=${hmacSha256(secret, body + now).toString("hex")}` };
    case "bland":
      return { ...json, "x-webhook-signature": hmacSha256(secret, body).toString("hex") };
    case "elevenlabs": {
      const t = Math.floor(now / 1000);
      return { ...json, "elevenlabs-signature": `t=${t},v0=${hmacSha256(secret, `${t}.${body}`).toString("hex")}` };
    }
    case "synthflow":
      return { ...json, "synthflow-signature": hmacSha256(secret, synthflowCallId(body)).toString("base64") };
  }
}

function synthflowCallId(body: string): string {
  const parsed = JSON.parse(body) as { call?: { call_id?: unknown } };
  const id = parsed.call?.call_id;
  if (typeof id !== "string") throw new Error("A Synthflow body needs call.call_id to be signed.");
  return id;
}

function defaultId(platform: PlatformName): string {
  const uuid = randomUUID();
  if (platform === "retell") return `call_${uuid.replace(/-/g, "")}`;
  if (platform === "elevenlabs") return `conv_${uuid.replace(/-/g, "").slice(0, 26)}`;
  return uuid;
}
