import { db } from "@/db";
import { getEnv } from "@/lib/env";
import { attemptFailure, type AttemptFailure, type AttemptOutcome } from "./attempt-outcome";
import { writeOutbox } from "./outbox";
import { twilioApi } from "./twilio-client";
import { messageStatusCallbackUrl } from "./twilio-receipt";

/**
 * SMS through Twilio's Messages API with the real `twilio` SDK when TWILIO_ACCOUNT_SID / AUTH_TOKEN /
 * FROM_NUMBER are set, otherwise kept in the outbox (docs/architecture.md); TWILIO_API_BASE_URL points
 * the SDK at a fake server in tests (lib/delivery/twilio-client.ts).
 */
export type SmsMessage = { accountId: string; to: string; text: string; deliveryId?: string; attemptNumber?: number };

/** Twilio error codes that mean this number will never take the message. */
const INVALID_NUMBER_CODES = new Set([21211, 21214, 21217, 21401, 21407, 21408, 21421, 21612, 21614, 21659]);
const UNSUBSCRIBED_CODES = new Set([21610]);

/**
 * Request timeout for Twilio, and the time an attempt may take past it to record Twilio's answer
 * (tests shorten both to exercise timeouts quickly).
 */
export const smsTransport = { timeoutMs: 15_000, recordSlackMs: 5_000 };

/**
 * How far before an attempt's start Twilio's record of a message may lie and still be that attempt's
 * (our clock against Twilio's, and Twilio's whole-second dates).
 */
export const RECONCILE_SLACK_MS = 60_000;

function twilioClient() {
  return getEnv().TWILIO_FROM_NUMBER ? twilioApi(smsTransport.timeoutMs) : undefined;
}

/** Whether SMS go to Twilio (otherwise to the outbox). */
export const smsViaTwilio = () => twilioClient() !== undefined;

export function classifyTwilioError(error: unknown, latencyMs = 0): AttemptFailure {
  const e = error as { status?: number; code?: number | string; message?: string; moreInfo?: string };
  if (typeof e?.status === "number") {
    const status = e.status;
    const code = typeof e.code === "number" ? e.code : Number(e.code);
    const responseBody = JSON.stringify({ status, code: e.code ?? null, message: e.message ?? null, more_info: e.moreInfo ?? null });
    const message = `Twilio ${status}${e.code ? ` (${e.code})` : ""}: ${e.message ?? "error"}`;
    const answer = { statusCode: status, responseBody, latencyMs };
    if (status >= 500 || status === 429) return attemptFailure("retryable", "provider_unavailable", message, answer);
    if (INVALID_NUMBER_CODES.has(code)) return attemptFailure("final", "invalid_destination", message, answer);
    if (UNSUBSCRIBED_CODES.has(code)) return attemptFailure("final", "unsubscribed", message, answer);
    return attemptFailure("final", "provider_rejected", message, answer);
  }
  // No HTTP status: a network error or a timeout (axios ECONNREFUSED, ECONNABORTED, ETIMEDOUT, …). The
  // request may have reached Twilio all the same.
  const code = (error as { code?: string })?.code;
  return attemptFailure("retryable", "provider_unavailable", `Twilio unreachable: ${code ?? (error as Error)?.message ?? "network error"}`, {
    latencyMs,
    maybeDelivered: true,
  });
}

/** One attempt at an SMS: to Twilio, or into the outbox (once per delivery attempt) without it. */
export async function attemptSms(message: SmsMessage): Promise<AttemptOutcome> {
  const t0 = performance.now();
  const latencyMs = () => Math.round(performance.now() - t0);
  const api = twilioClient();
  if (!api) {
    const id = await writeOutbox(db, { ...message, channel: "sms", kind: "delivery" });
    return { outcome: "success", via: "outbox", providerMessageId: id, statusCode: null, latencyMs: latencyMs(), responseBody: null };
  }
  try {
    // The status callback brings the carrier's receipt: delivered, or undelivered and refunded.
    const sent = await api.messages.create({ to: message.to, from: getEnv().TWILIO_FROM_NUMBER!, body: message.text, statusCallback: messageStatusCallbackUrl() });
    return { outcome: "success", via: "twilio", providerMessageId: sent.sid, statusCode: null, latencyMs: latencyMs(), responseBody: null };
  } catch (error) {
    return classifyTwilioError(error, latencyMs());
  }
}

/**
 * Asks Twilio whether an SMS of an attempt whose outcome we never learnt went out: our messages to `to`
 * since (about) `since` with exactly this text. `sids` are Twilio's candidates, the one created
 * closest to `since` first (another delivery may have sent the same text to the same number: the
 * caller skips those already recorded); none means sending is safe. A failure means Twilio could not
 * say, so nothing may be sent yet.
 */
export async function findSentSms(message: { to: string; text: string; since: Date }): Promise<{ sids: string[] } | AttemptFailure> {
  const api = twilioClient();
  if (!api) return { sids: [] };
  const t0 = performance.now();
  const after = new Date(message.since.getTime() - RECONCILE_SLACK_MS);
  try {
    const from = getEnv().TWILIO_FROM_NUMBER!;
    // A message still queued at Twilio has no date_sent, so the DateSent filter leaves it out: the newest
    // few (queued ones included) are looked at too.
    const [sent, newest] = await Promise.all([
      api.messages.list({ to: message.to, from, dateSentAfter: after, limit: 1000 }),
      api.messages.list({ to: message.to, from, limit: 20 }),
    ]);
    const found = new Map<string, number>();
    for (const m of [...sent, ...newest]) {
      if (m.body !== message.text || !m.dateCreated || m.dateCreated < after) continue;
      found.set(m.sid, Math.abs(m.dateCreated.getTime() - message.since.getTime()));
    }
    return { sids: [...found].sort((a, b) => a[1] - b[1]).map(([sid]) => sid) };
  } catch (error) {
    const failure = classifyTwilioError(error, Math.round(performance.now() - t0));
    // Still unknown: the mark stays (maybeDelivered) and the next attempt asks again.
    const error_ = `Could not ask Twilio whether the SMS was sent: ${failure.error}`;
    return { ...failure, outcome: "retryable", reason: "provider_unavailable", error: error_, maybeDelivered: true };
  }
}
