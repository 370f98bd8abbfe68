import { Resend } from "resend";
import { db } from "@/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { attemptFailure, STORED_RESPONSE_BYTES, type AttemptOutcome } from "./attempt-outcome";
import { writeOutbox, type OutboxMessage } from "./outbox";

export type EmailMessage = {
  accountId: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  kind: OutboxMessage["kind"];
  /** Resend's idempotencyKey: a retried send of the same key is not sent twice. */
  idempotencyKey?: string;
  deliveryId?: string;
};

export type SendResult = { via: "resend" | "outbox"; id: string };

/**
 * Request timeout for Resend. The SDK sets none, so a provider that accepts the connection and never
 * answers would hold a worker slot until the job's hard expiry; past this it is a retryable failure
 * (the idempotency key keeps the retry from sending twice).
 */
export const emailTransport = { timeoutMs: 15_000 };

let client: Resend | undefined;

function resend(): Resend | undefined {
  const { RESEND_API_KEY } = getEnv();
  if (!RESEND_API_KEY) return undefined;
  // RESEND_BASE_URL (read by the SDK itself) points it at a fake server in tests.
  client ??= new Resend(RESEND_API_KEY);
  return client;
}

/**
 * One attempt at an email: through Resend when RESEND_API_KEY is set, otherwise kept in the outbox
 * (once per delivery attempt). Never throws for Resend's answer: 5xx, 429 and no answer are retryable,
 * any other error final.
 */
export async function attemptEmail(message: EmailMessage & { attemptNumber?: number }): Promise<AttemptOutcome> {
  const t0 = performance.now();
  const latencyMs = () => Math.round(performance.now() - t0);
  const api = resend();
  if (!api) {
    const id = await writeOutbox(db, { ...message, channel: "email" });
    return { outcome: "success", via: "outbox", providerMessageId: id, statusCode: null, latencyMs: latencyMs(), responseBody: null };
  }
  const { data, error } = await api.emails.send(
    { from: getEnv().EMAIL_FROM, to: message.to, subject: message.subject, html: message.html, text: message.text },
    { signal: AbortSignal.timeout(emailTransport.timeoutMs), ...(message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : {}) },
  );
  if (error || !data) {
    const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
    const retryable = status === null || status >= 500 || status === 429;
    return attemptFailure(retryable ? "retryable" : "final", retryable ? "provider_unavailable" : "provider_rejected", `Resend: ${error?.message ?? "no response"}`, {
      statusCode: status,
      latencyMs: latencyMs(),
      responseBody: JSON.stringify(error).slice(0, STORED_RESPONSE_BYTES),
    });
  }
  return { outcome: "success", via: "resend", providerMessageId: data.id, statusCode: null, latencyMs: latencyMs(), responseBody: null };
}

/**
 * Sends an email that is not a delivery (a sign-in link, an invitation, an alert to owners): the same
 * attempt, with a failure thrown for the caller to show or log.
 */
export async function sendEmail(message: EmailMessage): Promise<SendResult> {
  const sent = await attemptEmail(message);
  if (sent.outcome !== "success") {
    throw new AppError(503, "email_unavailable", `The email could not be sent (${sent.error}). Try again in a minute.`);
  }
  return { via: sent.via === "resend" ? "resend" : "outbox", id: sent.providerMessageId ?? "" };
}
