import { db } from "@/db";
import { loadAttemptContext, type AttemptContext } from "@/db/queries/attempt-context";
import { loadCallView, toCallView } from "@/db/queries/call-view";
import {
  chargeDelivery,
  markAttemptStarted,
  recordAttempt,
  skipDelivery,
  type Delivery,
  type DeliveryEndReason,
} from "@/db/queries/delivery-lifecycle";
import { secretsToSignWith } from "@/db/queries/webhook-secrets";
import { decryptSecret } from "@/lib/crypto";
import { attemptFailure, type AttemptOutcome } from "@/lib/delivery/attempt-outcome";
import { endpointHeaders } from "@/lib/delivery/endpoint-headers";
import { attemptEmail } from "@/lib/delivery/email";
import { alertOwnersOfFailedWebhook } from "@/lib/delivery/failure-alert";
import { honoursRetryAfter, nextRetry, parseRetryAfter, scheduleFor } from "@/lib/delivery/retry";
import { signatureHeaders } from "@/lib/delivery/sign";
import { attemptSms, smsViaTwilio } from "@/lib/delivery/sms";
import { recoverLostSms } from "@/lib/delivery/sms-recovery";
import type { Resolver } from "@/lib/delivery/ssrf";
import { postWebhook, USER_AGENT } from "@/lib/delivery/webhook";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { sampleCallView, type CallView } from "@/lib/messages/call-view";
import { renderCallEmail } from "@/lib/messages/email";
import { composeSms } from "@/lib/messages/sms";
import { buildWebhookPayload } from "@/lib/messages/webhook-payload";
import { refineCallerPhoneType } from "@/lib/phone-lookup";
import { priceOf } from "@/lib/pricing";
import { ACTIONS_WAIT_MS, type DeliveryJob } from "../queue";
import { messageActions } from "./await-messages";
import { maybeAlertLowBalance } from "@/lib/low-balance";

export { ACTIONS_WAIT_MS };
export { ENDPOINT_FAILING_DISABLE_MS } from "@/db/queries/delivery-lifecycle";

/**
 * The delivery job: one attempt of one delivery (SMS, email or signed webhook), from the stored row to
 * the provider. It decides and sends; every change of the delivery's state goes through
 * db/queries/delivery-lifecycle.ts.
 *
 * Exactly-once where it matters:
 * - the charge is its own statement before the send, exactly-once by the ledger's unique index;
 * - the attempt, the delivery's new state, a refund and the next attempt's job commit together, so a
 *   crash leaves the attempt fully recorded or not at all (pg-boss then retries the job and the attempt
 *   is made again — Resend gets the delivery id as idempotency key, webhooks keep one `webhook-id`,
 *   and an SMS whose earlier attempt never got recorded is looked up at Twilio before it is re-sent);
 * - a job carries the attempt number it is for; a copy that finds the delivery past it does nothing.
 */
const log = logger("deliver");

export type DeliverDeps = {
  /** The clock for retry times, signatures and the 5-day rule. */
  now?: () => Date;
  random?: () => number;
  /** DNS for the SSRF check (tests point names at private addresses). */
  resolve?: Resolver;
};

export type DeliverResult = "missing" | "not_pending" | "stale" | "skipped" | "sent" | "retry_scheduled" | "failed" | "conflict";

export async function deliver(job: DeliveryJob, deps: DeliverDeps = {}): Promise<DeliverResult> {
  const now = deps.now ?? (() => new Date());
  const row = await loadAttemptContext(db, job.deliveryId, now());
  if (!row) return "missing";
  const d = row.d;
  if (d.status !== "pending") return "not_pending";
  if (d.attemptCount >= (job.attempt ?? 1)) return "stale";

  // A webhook endpoint that answered 410 or kept failing for 5 days gets nothing more.
  if (d.channel === "webhook" && d.actionId && !d.test && row.endpointDisabledAt) return skip(d, "endpoint_disabled");

  if (d.channel !== "webhook" && !d.test) {
    const { charge, lowBalanceChanged } = await chargeDelivery(db, d, priceOf(d.channel));
    if (charge === "insufficient_credits") return skip(d, "insufficient_credits");
    if (lowBalanceChanged) {
      // Owners hear once when the balance crosses their threshold; an email problem must not stop the send.
      await maybeAlertLowBalance(db, d.accountId).catch((error) => log.warn({ err: error }, "low-balance check failed"));
    }
  }

  const startedAt = now();
  const outcome = await attempt(row, startedAt, deps);
  if (outcome === "moved_on") return conflict(d);
  return record(d, startedAt, outcome, deps);
}

async function skip(d: Delivery, reason: DeliveryEndReason): Promise<DeliverResult> {
  await skipDelivery(db, d, reason);
  log.info({ deliveryId: d.id, reason }, "delivery skipped");
  return "skipped";
}

function conflict(d: Delivery): DeliverResult {
  // Another run of the same delivery got there first (only possible when something bypasses the
  // queue's one-active-job-per-delivery policy): its record stands, ours is dropped.
  log.warn({ deliveryId: d.id }, "delivery changed while attempting; attempt not recorded");
  return "conflict";
}

/**
 * The call a message describes, as read with the attempt — after Twilio Lookup, when configured, for
 * an email or webhook (they show the caller's phone type; an SMS does not). A test says so, and a test
 * about no stored call links nowhere.
 */
async function callViewFor(ctx: AttemptContext): Promise<CallView | null> {
  const d = ctx.d;
  if (d.callId) {
    if (!ctx.callView) return null;
    let view = toCallView(ctx.callView);
    if (d.channel !== "sms" && !d.test) {
      const refined = await refineCallerPhoneType(db, d.accountId, d.callId, ctx.lookupState);
      // Another delivery of the call looked the caller up meanwhile: read the call as it is now.
      if (refined === "reread") view = (await loadCallView(db, d.accountId, d.callId)) ?? view;
      else if (refined) view = { ...view, contact: { ...view.contact, phoneType: refined } };
    }
    return d.test ? { ...view, test: true } : view;
  }
  return { ...sampleCallView(getEnv().APP_URL, ctx.accountTimeZone ?? undefined, { links: false }), test: d.test };
}

const callGone = () => attemptFailure("final", "call_not_found", "The call no longer exists");

async function attempt(ctx: AttemptContext, startedAt: Date, deps: DeliverDeps): Promise<AttemptOutcome | "moved_on"> {
  const d = ctx.d;
  if (d.channel === "webhook") return attemptWebhook(ctx, startedAt, deps);
  const view = await callViewFor(ctx);
  if (!view) return callGone();
  const attemptNumber = d.attemptCount + 1;
  if (d.channel === "sms") return attemptSmsOnce(d, composeSms(view, ctx.template?.body).text, startedAt, attemptNumber);
  const { subject, html, text } = await renderCallEmail(view, ctx.template);
  return attemptEmail({ accountId: d.accountId, to: d.destination, subject, html, text, kind: "delivery", idempotencyKey: d.id, deliveryId: d.id, attemptNumber });
}

/**
 * An SMS is not sent twice when a worker dies between Twilio taking it and the attempt being recorded:
 * the attempt's start is marked before the send, and a run that finds an earlier mark asks Twilio for
 * that message first — found, it is recorded as sent (not sent again); Twilio unable to say, the
 * attempt is retried later. The mark comes after that question, just before a send, so a delivery
 * only asking is not taken for one sending (lib/delivery/sms-recovery.ts). Without Twilio the outbox
 * keeps one row per attempt instead.
 */
async function attemptSmsOnce(d: Delivery, text: string, startedAt: Date, attemptNumber: number): Promise<AttemptOutcome | "moved_on"> {
  if (smsViaTwilio()) {
    if (d.attemptStartedAt) {
      const found = await recoverLostSms(d, text, d.attemptStartedAt);
      if ("outcome" in found) return found;
      const { sid } = found;
      log.info({ deliveryId: d.id, found: sid !== undefined }, "asked Twilio about an SMS whose outcome was unknown");
      if (sid) {
        const note = `Not sent again: Twilio already had this SMS (${sid}) from an attempt started at ${d.attemptStartedAt.toISOString()} whose outcome was never recorded.`;
        return { outcome: "success", via: "twilio", providerMessageId: sid, statusCode: null, latencyMs: 0, responseBody: null, note, found: true };
      }
    }
    if (!(await markAttemptStarted(db, d, startedAt))) return "moved_on";
  }
  return attemptSms({ accountId: d.accountId, to: d.destination, text, deliveryId: d.id, attemptNumber });
}

async function attemptWebhook(ctx: AttemptContext, startedAt: Date, deps: DeliverDeps): Promise<AttemptOutcome> {
  const d = ctx.d;
  // Every retry sends the same bytes as the first attempt (same webhook-id, same payload), so a
  // receiver that dedupes or hashes bodies sees one event. Only the timestamp and signature change.
  let body = ctx.firstBody;
  if (!body) {
    const view = await callViewFor(ctx);
    if (!view) return callGone();
    body = JSON.stringify(buildWebhookPayload(view, messageActions(ctx.messages), { test: d.test, timestamp: new Date() }));
  }
  // The account's first webhook creates its secret.
  const secrets = ctx.signingSecrets?.some((s) => s.current)
    ? ctx.signingSecrets.map((s) => decryptSecret(s.encrypted))
    : await secretsToSignWith(db, d.accountId, startedAt);
  const headers: Record<string, string> = {
    ...signatureHeaders(secrets, d.messageId, body, startedAt),
    "content-type": "application/json",
    "user-agent": USER_AGENT,
  };
  // The endpoint's own headers go out with ours on top (ours win); only ours are kept with the attempt,
  // since custom values are the owner's secrets.
  const sent = await postWebhook({
    url: d.destination,
    headers: { ...endpointHeaders(ctx.headers ?? []), ...headers },
    body,
    allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    resolve: deps.resolve,
  });
  return { ...sent, requestHeaders: headers, requestBody: body };
}

async function record(d: Delivery, startedAt: Date, r: AttemptOutcome, deps: DeliverDeps): Promise<DeliverResult> {
  const now = deps.now?.() ?? new Date();
  // A retryable failure gets the channel's next retry time (a webhook's Retry-After honoured), if any is left.
  let retryAt: Date | null = null;
  let failReason: string | undefined;
  if (r.outcome === "retryable") {
    const retryAfterSeconds = r.statusCode !== null && honoursRetryAfter(r.statusCode) ? parseRetryAfter(r.retryAfter ?? null, startedAt) : null;
    const schedule = scheduleFor(d.channel, getEnv().DELIVERY_RETRY_SCALE);
    const next = nextRetry({ attemptNumber: d.attemptCount + 1, schedule, now, random: deps.random, retryAfterSeconds });
    if (next.retry) retryAt = next.at;
    else failReason = r.reason === "http_error" ? "retries_exhausted" : r.reason;
  }
  const recorded = await recordAttempt(db, d, { startedAt, now, outcome: r, retryAt, failReason });
  if (recorded.status === "conflict") return conflict(d);

  log.info(
    { deliveryId: d.id, channel: d.channel, attempt: d.attemptCount + 1, outcome: r.outcome, status: r.statusCode, retryAt: recorded.retryAt },
    recorded.status === "pending" ? "delivery retry scheduled" : `delivery ${recorded.status}`,
  );
  if (recorded.status === "failed" && d.channel === "webhook" && !d.test) {
    await alertOwnersOfFailedWebhook(d, recorded.reason, r, recorded.disabledEndpoint).catch((error) =>
      log.error({ deliveryId: d.id, err: (error as Error).message }, "could not email the owners about a failed webhook"),
    );
  }
  return recorded.status === "pending" ? "retry_scheduled" : recorded.status;
}
