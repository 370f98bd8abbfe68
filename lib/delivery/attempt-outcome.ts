/**
 * What one attempt of a delivery came to, as every sender (SMS, email, webhook) reports it: senders
 * never throw for a provider's or an endpoint's answer, so the worker records each outcome the same
 * way (db/queries/delivery-lifecycle.ts). A thrown error is a bug or an outage of ours, which pg-boss
 * retries.
 */

/** How much of a provider's or endpoint's answer is stored with the attempt. */
export const STORED_RESPONSE_BYTES = 4 * 1024;

/** Why an attempt failed. Stored as the delivery's `reason` when the failure ends it. */
export type AttemptFailureReason =
  // SMS and email providers
  | "provider_unavailable" // 5xx, 429, unreachable, timed out: may work later
  | "provider_rejected" // a 4xx the provider will give again
  | "invalid_destination" // Twilio: the number can never take an SMS
  | "unsubscribed" // Twilio: the recipient replied STOP
  // webhooks
  | "http_error" // a non-2xx answer (or a redirect, which is not followed)
  | "endpoint_gone" // 410: the endpoint asked to be disabled
  | "timeout"
  | "network_error"
  | "invalid_url"
  | "insecure_url"
  | "blocked_address"
  | "dns_failure"
  // any channel
  | "call_not_found";

type Common = {
  /** The provider's or endpoint's HTTP status, when one answered. */
  statusCode: number | null;
  latencyMs: number;
  /** The first 4 KiB of the answer. */
  responseBody: string | null;
  /** Webhooks: what was sent, for the delivery log. */
  requestHeaders?: Record<string, string> | null;
  requestBody?: string | null;
};

export type AttemptSuccess = Common & {
  outcome: "success";
  via: "twilio" | "resend" | "outbox" | "http";
  /** The provider's id for the message (Twilio SID, Resend id, outbox id). */
  providerMessageId: string | null;
  /** A note for the delivery log, e.g. that the message was found at the provider rather than sent now. */
  note?: string | null;
  /**
   * The message was found at the provider, not sent by this attempt (an SMS whose earlier outcome was
   * lost): it is recorded only if no other delivery holds it meanwhile.
   */
  found?: boolean;
};

export type AttemptFailure = Common & {
  /** retryable: may work later, on the channel's schedule · final: never retry. */
  outcome: "retryable" | "final";
  reason: AttemptFailureReason;
  error: string;
  /** The endpoint's Retry-After header, as sent. */
  retryAfter?: string | null;
  /**
   * The provider may have taken the message although no answer came back (a timeout, a dropped
   * connection): before it is sent again, the provider is asked (SMS; email and webhooks carry keys
   * that make a second send harmless).
   */
  maybeDelivered?: boolean;
};

export type AttemptOutcome = AttemptSuccess | AttemptFailure;

export function attemptFailure(
  outcome: AttemptFailure["outcome"],
  reason: AttemptFailureReason,
  error: string,
  extra: Partial<Omit<AttemptFailure, "outcome" | "reason" | "error">> = {},
): AttemptFailure {
  return { outcome, reason, error, statusCode: null, latencyMs: 0, responseBody: null, ...extra };
}
