import { Resend } from "resend";
import { db } from "@/db";
import { getEnv } from "@/lib/env";
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

/** Provider failures, classified so the worker knows whether to retry. */
export class ProviderError extends Error {
  constructor(
    message: string,
    public readonly retryable: boolean,
    public readonly statusCode?: number,
    public readonly responseBody?: string,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

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

/** Sends through Resend when RESEND_API_KEY is set, otherwise keeps the message in the outbox. */
export async function sendEmail(message: EmailMessage): Promise<SendResult> {
  const api = resend();
  if (!api) {
    const id = await writeOutbox(db, { ...message, channel: "email" });
    return { via: "outbox", id };
  }
  const { data, error } = await api.emails.send(
    { from: getEnv().EMAIL_FROM, to: message.to, subject: message.subject, html: message.html, text: message.text },
    { signal: AbortSignal.timeout(emailTransport.timeoutMs), ...(message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : {}) },
  );
  if (error || !data) {
    const status = (error as { statusCode?: number | null } | null)?.statusCode ?? undefined;
    const retryable = status === undefined || status === null || status >= 500 || status === 429;
    throw new ProviderError(`Resend: ${error?.message ?? "no response"}`, retryable, status ?? undefined, JSON.stringify(error));
  }
  return { via: "resend", id: data.id };
}
