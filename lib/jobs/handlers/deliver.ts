import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Tx } from "@/db";
import { loadCallView } from "@/db/queries/call-view";
import { chargeDelivery, refundDelivery } from "@/db/queries/charges";
import { maybeAlertLowBalance } from "@/lib/low-balance";
import { secretsToSignWith } from "@/db/queries/webhook-secrets";
import { accounts, deliveries, deliveryAttempts, memberships, postCallActions, users } from "@/db/schema";
import { ProviderError, sendEmail } from "@/lib/delivery/email";
import { nextRetry, honoursRetryAfter, parseRetryAfter, scheduleFor } from "@/lib/delivery/retry";
import { signatureHeaders } from "@/lib/delivery/sign";
import { sendSms, SmsProviderError } from "@/lib/delivery/sms";
import type { Resolver } from "@/lib/delivery/ssrf";
import { postWebhook, STORED_RESPONSE_BYTES, USER_AGENT } from "@/lib/delivery/webhook";
import { getEnv } from "@/lib/env";
import { isUniqueViolation } from "@/lib/errors";
import { logger, maskEmail } from "@/lib/logger";
import { sampleCallView, type CallView } from "@/lib/messages/call-view";
import { renderCallEmail } from "@/lib/messages/email";
import { composeSms } from "@/lib/messages/sms";
import { buildWebhookPayload, type ActionResultView } from "@/lib/messages/webhook-payload";
import { refineCallerPhoneType } from "@/lib/phone-lookup";
import { priceOf } from "@/lib/pricing";
import { notifyMessageSettled, watchCall } from "../message-settled";
import { enqueueDeliveryAttempt, type DeliveryJob } from "../queue";

/**
 * The delivery job: one attempt of one delivery (SMS, email or signed webhook), from the stored row to
 * the provider, with the outcome stored in `delivery_attempts` and `deliveries`.
 *
 * Exactly-once where it matters:
 * - the charge is its own short transaction before the send, made exactly-once by the ledger's unique
 *   (delivery_id, kind) index, so a crash after it never charges again;
 * - the attempt row, the delivery's new state, a refund and the next attempt's job commit together, so
 *   a crash leaves either the attempt fully recorded (with its retry job) or not at all (the pg-boss
 *   job is then retried and the attempt made again — at-least-once towards the provider, which is why
 *   Resend gets the delivery id as idempotency key and webhooks keep one `webhook-id`);
 * - a job carries the attempt number it is for; a copy that finds the delivery past it does nothing.
 */
const log = logger("deliver");

export type DeliverDeps = {
  /** The clock for retry times, signatures and the 5-day rule. */
  now?: () => Date;
  random?: () => number;
  /** DNS for the SSRF check (tests point names at private addresses). */
  resolve?: Resolver;
  /** How long a webhook waits for the call's SMS and email to reach a first outcome (docs/architecture.md §3: 10 s). */
  actionsWaitMs?: number;
  /** While waiting, how often it re-reads without being notified (default: 25 ms, doubling up to 250 ms). */
  actionsPollMs?: number;
};

/** An SMS or email of a stored call (a sample call's too): a webhook of that call may be waiting for its outcome. */
const awaitedByWebhook = (d: Delivery) => d.channel !== "webhook" && d.callId !== null;

export type DeliverResult =
  | "missing"
  | "not_pending"
  | "stale"
  | "skipped"
  | "sent"
  | "retry_scheduled"
  | "failed"
  | "conflict";

export const ACTIONS_WAIT_MS = 10_000;
export const ENDPOINT_FAILING_DISABLE_MS = 5 * 86400 * 1000;

type Delivery = typeof deliveries.$inferSelect;

type AttemptOutcome = {
  outcome: "success" | "retryable" | "final";
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  reason: string | null;
  responseBody: string | null;
  providerMessageId?: string | null;
  retryAfterSeconds?: number | null;
  requestHeaders?: Record<string, string> | null;
  requestBody?: string | null;
};

class ConcurrentUpdate extends Error {}

export async function deliver(job: DeliveryJob, deps: DeliverDeps = {}): Promise<DeliverResult> {
  const now = deps.now ?? (() => new Date());
  // The delivery, whether its action's endpoint is disabled, and (webhooks) the body its first attempt
  // sent, in one round trip: at 50 calls a second the worker's time goes to round trips, not CPU.
  const [row] = await db
    .select({
      d: deliveries,
      endpointDisabledAt: postCallActions.disabledAt,
      firstBody: sql<string | null>`(select a.request_body from delivery_attempts a where a.delivery_id = ${deliveries.id} order by a.attempt_number limit 1)`,
    })
    .from(deliveries)
    .leftJoin(postCallActions, eq(postCallActions.id, deliveries.actionId))
    .where(eq(deliveries.id, job.deliveryId));
  if (!row) return "missing";
  const d = row.d;
  if (d.status !== "pending") return "not_pending";
  if (d.attemptCount >= (job.attempt ?? 1)) return "stale";

  // A webhook endpoint that answered 410 or kept failing for 5 days gets nothing more.
  if (d.channel === "webhook" && d.actionId && !d.test && row.endpointDisabledAt) return skip(d, "endpoint_disabled");

  if (d.channel !== "webhook" && !d.test) {
    const charged = await chargeDelivery(db, d, priceOf(d.channel));
    if (charged === "insufficient_credits") return skip(d, "insufficient_credits");
    if (charged === "charged") {
      // Owners hear once when the balance crosses their threshold; an email problem must not stop the send.
      await maybeAlertLowBalance(db, d.accountId).catch((error) => log.warn({ err: error }, "low-balance check failed"));
    }
  }

  const startedAt = now();
  let result: AttemptOutcome;
  try {
    result = await attempt(d, startedAt, deps, row.firstBody);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error; // ours, not the provider's: let pg-boss retry the job
    const reason = error instanceof SmsProviderError ? error.reason : error.retryable ? "provider_unavailable" : "provider_rejected";
    result = {
      outcome: error.retryable ? "retryable" : "final",
      statusCode: error.statusCode ?? null,
      latencyMs: Math.max(0, now().getTime() - startedAt.getTime()),
      error: error.message,
      reason,
      responseBody: error.responseBody?.slice(0, STORED_RESPONSE_BYTES) ?? null,
    };
  }
  return record(d, startedAt, result, deps);
}

async function skip(d: Delivery, reason: string): Promise<DeliverResult> {
  await db
    .update(deliveries)
    .set({ status: "skipped", reason, completedAt: new Date(), updatedAt: new Date(), nextAttemptAt: null })
    .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "pending")));
  if (awaitedByWebhook(d)) await db.execute(notifyMessageSettled(d.callId!));
  log.info({ deliveryId: d.id, reason }, "delivery skipped");
  return "skipped";
}

/** The call a message describes; a test says so, and a test about no stored call links nowhere. */
async function callViewFor(d: Delivery): Promise<CallView | null> {
  if (d.callId) {
    const view = await loadCallView(db, d.accountId, d.callId);
    return view && d.test ? { ...view, test: true } : view;
  }
  const [acct] = await db.select({ timeZone: accounts.timeZone }).from(accounts).where(eq(accounts.id, d.accountId));
  return { ...sampleCallView(getEnv().APP_URL, acct?.timeZone, { links: false }), test: d.test };
}

async function attempt(d: Delivery, startedAt: Date, deps: DeliverDeps, firstBody: string | null): Promise<AttemptOutcome> {
  const t0 = performance.now();
  const latency = () => Math.round(performance.now() - t0);
  if (d.channel === "webhook") return attemptWebhook(d, startedAt, deps, firstBody);

  // Emails and webhooks show the caller's phone type: Twilio Lookup first, when configured.
  if (d.channel === "email" && d.callId && !d.test) await refineCallerPhoneType(db, d.accountId, d.callId);
  const view = await callViewFor(d);
  if (!view) return { outcome: "final", statusCode: null, latencyMs: 0, error: "The call no longer exists", reason: "call_not_found", responseBody: null };

  if (d.channel === "sms") {
    const sms = composeSms(view);
    const sent = await sendSms({ accountId: d.accountId, to: d.destination, text: sms.text, deliveryId: d.id });
    return { outcome: "success", statusCode: null, latencyMs: latency(), error: null, reason: null, responseBody: null, providerMessageId: sent.id };
  }
  const email = await renderCallEmail(view);
  const sent = await sendEmail({
    accountId: d.accountId,
    to: d.destination,
    subject: email.subject,
    html: email.html,
    text: email.text,
    kind: "delivery",
    idempotencyKey: d.id,
    deliveryId: d.id,
  });
  return { outcome: "success", statusCode: null, latencyMs: latency(), error: null, reason: null, responseBody: null, providerMessageId: sent.id };
}

/**
 * `data.actions`: the call's SMS and email deliveries as they stand once each has reached a first
 * outcome (its first attempt recorded, or a final status), or once the webhook delivery is 10 s old.
 * We poll the database here rather than re-scheduling the job: a deferred pg-boss job is only picked
 * up by the next poll (NOTIFY fires at insert, not at start-after), which would add seconds to every
 * webhook, while messages normally settle in milliseconds. The wait is bounded by the delivery's age,
 * so a retry or a crash-recovered job does not wait again. SMS/email jobs run at a higher priority, so
 * webhooks waiting here never starve them.
 */
async function messageActions(d: Delivery, deps: DeliverDeps): Promise<ActionResultView[]> {
  if (!d.callId) return [];
  const deadline = d.createdAt.getTime() + (deps.actionsWaitMs ?? ACTIONS_WAIT_MS);
  let pause = deps.actionsPollMs ?? 25;
  for (;;) {
    // Watching before reading: a message that settles after this read wakes the wait below at once
    // (lib/jobs/message-settled.ts); the pause is only the fallback.
    const watch = watchCall(d.callId);
    let rows: Awaited<ReturnType<typeof messageRows>>;
    try {
      rows = await messageRows(d.accountId, d.callId, d.test);
    } catch (error) {
      watch.stop();
      throw error;
    }
    const settled = rows.every((r) => r.status !== "pending" || r.attemptCount > 0);
    if (settled || Date.now() >= deadline) {
      watch.stop();
      return rows.map((r) => ({
        id: r.actionId ?? r.id,
        channel: r.channel as "sms" | "email",
        to: r.destination,
        status: r.status,
        credits: r.credits,
        error: r.reason,
      }));
    }
    await watch.wait(Math.min(pause, Math.max(1, deadline - Date.now())));
    pause = deps.actionsPollMs ?? Math.min(pause * 2, 250);
  }
}

/**
 * A call's SMS and email deliveries, in the order their actions are configured (they share a created_at):
 * a sample call's webhook (a test) reports the sample's test messages, a real call's only real ones.
 */
function messageRows(accountId: string, callId: string, test: boolean) {
  return db
    .select({
      id: deliveries.id,
      actionId: deliveries.actionId,
      channel: deliveries.channel,
      destination: deliveries.destination,
      status: deliveries.status,
      credits: deliveries.credits,
      reason: deliveries.reason,
      attemptCount: deliveries.attemptCount,
    })
    .from(deliveries)
    .leftJoin(postCallActions, eq(postCallActions.id, deliveries.actionId))
    .where(
      and(
        eq(deliveries.callId, callId),
        eq(deliveries.accountId, accountId),
        eq(deliveries.test, test),
        inArray(deliveries.channel, ["sms", "email"]),
      ),
    )
    .orderBy(sql`${postCallActions.position} asc nulls last`, asc(deliveries.createdAt), asc(deliveries.id));
}

async function attemptWebhook(d: Delivery, startedAt: Date, deps: DeliverDeps, firstBody: string | null): Promise<AttemptOutcome> {
  // Every retry sends the same bytes as the first attempt (same webhook-id, same payload), so a
  // receiver that dedupes or hashes bodies sees one event. Only the timestamp and signature change.
  let body = firstBody;
  if (!body) {
    // The caller's phone type first, then the messages' first outcomes, then the call as it stands after
    // both: an email of the same call may be the one looking the caller up (lib/phone-lookup.ts).
    if (d.callId && !d.test) await refineCallerPhoneType(db, d.accountId, d.callId);
    const actions = await messageActions(d, deps);
    const view = await callViewFor(d);
    if (!view) return { outcome: "final", statusCode: null, latencyMs: 0, error: "The call no longer exists", reason: "call_not_found", responseBody: null };
    body = JSON.stringify(buildWebhookPayload(view, actions, { test: d.test, timestamp: new Date() }));
  }
  const secrets = await secretsToSignWith(db, d.accountId, startedAt);
  const headers: Record<string, string> = {
    ...signatureHeaders(secrets, d.messageId, body, startedAt),
    "content-type": "application/json",
    "user-agent": USER_AGENT,
  };
  const sent = await postWebhook({
    url: d.destination,
    headers,
    body,
    allowPrivate: getEnv().WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    resolve: deps.resolve,
  });
  const retryAfterSeconds =
    sent.statusCode !== null && honoursRetryAfter(sent.statusCode) ? parseRetryAfter(sent.retryAfter, startedAt) : null;
  return { ...sent, retryAfterSeconds, requestHeaders: headers, requestBody: body };
}

async function record(d: Delivery, startedAt: Date, r: AttemptOutcome, deps: DeliverDeps): Promise<DeliverResult> {
  const now = deps.now?.() ?? new Date();
  const attemptNumber = d.attemptCount + 1;
  const isWebhookEndpoint = d.channel === "webhook" && d.actionId !== null && !d.test;

  let final: { status: "sent" | "failed"; reason: string | null } | null = null;
  let retryAt: Date | null = null;
  if (r.outcome === "success") final = { status: "sent", reason: null };
  else if (r.outcome === "final") final = { status: "failed", reason: r.reason };
  else {
    const next = nextRetry({
      attemptNumber,
      schedule: scheduleFor(d.channel, getEnv().DELIVERY_RETRY_SCALE),
      now,
      random: deps.random,
      retryAfterSeconds: r.retryAfterSeconds,
    });
    if (next.retry) retryAt = next.at;
    else final = { status: "failed", reason: r.reason === "http_error" || !r.reason ? "retries_exhausted" : r.reason };
  }

  let disabledEndpoint = false;
  try {
    if (r.outcome === "success") {
      if (!(await recordSuccess(d, attemptNumber, startedAt, r, now, isWebhookEndpoint))) throw new ConcurrentUpdate();
    } else await db.transaction(async (tx) => {
      await tx.insert(deliveryAttempts).values({
        deliveryId: d.id,
        accountId: d.accountId,
        attemptNumber,
        startedAt,
        latencyMs: r.latencyMs,
        outcome: r.outcome === "success" ? "success" : r.outcome === "final" ? "final_error" : "retryable_error",
        statusCode: r.statusCode,
        error: r.error,
        requestHeaders: r.requestHeaders ?? null,
        requestBody: r.requestBody ?? null,
        responseBody: r.responseBody,
      });

      if (isWebhookEndpoint) {
        const disabled = await updateEndpointHealth(tx, d.actionId!, r, now);
        if (disabled && !final) {
          // The endpoint was just disabled: this delivery stops here too.
          final = { status: "failed", reason: "endpoint_disabled" };
          retryAt = null;
        }
        disabledEndpoint = disabled;
      }

      if (final?.status === "failed" && d.channel !== "webhook" && !d.test) await refundDelivery(tx, d);

      const updated = await tx
        .update(deliveries)
        .set({
          status: final?.status ?? "pending",
          reason: final?.reason ?? null,
          attemptCount: attemptNumber,
          nextAttemptAt: retryAt,
          lastStatusCode: r.statusCode,
          lastLatencyMs: r.latencyMs,
          providerMessageId: r.providerMessageId ?? d.providerMessageId,
          completedAt: final ? now : null,
          updatedAt: now,
        })
        .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "pending"), eq(deliveries.attemptCount, d.attemptCount)))
        .returning({ id: deliveries.id });
      if (updated.length === 0) throw new ConcurrentUpdate();

      if (retryAt) await enqueueDeliveryAttempt(tx, d, attemptNumber + 1, retryAt);
      if (awaitedByWebhook(d)) await tx.execute(notifyMessageSettled(d.callId!));
    });
  } catch (error) {
    // Another run of the same delivery recorded this attempt first (only possible when something bypasses
    // the queue's one-active-job-per-delivery policy): its record stands, ours is dropped.
    if (error instanceof ConcurrentUpdate || isUniqueViolation(error, "delivery_attempts_delivery_number_uq")) {
      log.warn({ deliveryId: d.id }, "delivery changed while attempting; attempt not recorded");
      return "conflict";
    }
    throw error;
  }

  log.info(
    { deliveryId: d.id, channel: d.channel, attempt: attemptNumber, outcome: r.outcome, status: r.statusCode, retryAt },
    final ? `delivery ${final.status}` : "delivery retry scheduled",
  );

  if (final?.status === "failed" && d.channel === "webhook" && !d.test) {
    await alertOwners(d, final.reason, r, disabledEndpoint).catch((error) =>
      log.error({ deliveryId: d.id, err: (error as Error).message }, "could not email the owners about a failed webhook"),
    );
  }
  if (!final) return "retry_scheduled";
  return final.status === "sent" ? "sent" : "failed";
}

/**
 * The common outcome in one statement instead of a five-round-trip transaction: the delivery marked
 * sent, its attempt stored, and a failing endpoint marked healthy again. The attempt and the endpoint
 * change only happen if the delivery was still at the attempt this job made; false when it was not
 * (see ConcurrentUpdate). A second record of the same attempt number fails the unique index and
 * changes nothing.
 */
async function recordSuccess(d: Delivery, attemptNumber: number, startedAt: Date, r: AttemptOutcome, now: Date, isWebhookEndpoint: boolean) {
  const [row] = await db.execute<{ updated: number }>(sql`
    with delivery as (
      update deliveries
         set status = 'sent', reason = null, attempt_count = ${attemptNumber}, next_attempt_at = null,
             last_status_code = ${r.statusCode}::int, last_latency_ms = ${r.latencyMs}::int,
             provider_message_id = coalesce(${r.providerMessageId ?? null}::text, provider_message_id),
             completed_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
       where id = ${d.id} and status = 'pending' and attempt_count = ${d.attemptCount}
      returning id
    ),
    attempt as (
      insert into delivery_attempts (delivery_id, account_id, attempt_number, started_at, latency_ms, outcome, status_code,
                                     error, request_headers, request_body, response_body)
      select id, ${d.accountId}, ${attemptNumber}, ${startedAt.toISOString()}::timestamptz, ${r.latencyMs}::int, 'success',
             ${r.statusCode}::int, ${r.error}::text, ${r.requestHeaders ? JSON.stringify(r.requestHeaders) : null}::jsonb,
             ${r.requestBody ?? null}::text, ${r.responseBody}::text
        from delivery
    ),
    endpoint as (
      -- Only when it was failing: every webhook to the endpoint would otherwise lock its action row.
      update post_call_actions set failing_since = null
       where ${isWebhookEndpoint} and id = ${d.actionId} and failing_since is not null and exists (select 1 from delivery)
    ),
    settled as (
      -- A webhook of the call may be waiting for this message's outcome (lib/jobs/message-settled.ts).
      ${notifyMessageSettled(d.callId ?? "")} where ${awaitedByWebhook(d)} and exists (select 1 from delivery)
    )
    select count(*)::int as updated, (select count(*) from settled) as notified from delivery`);
  return row!.updated === 1;
}

/**
 * `failing_since` marks when an endpoint started failing (cleared by any success); a failure more than
 * 5 days after it, or a 410, disables the endpoint. Returns whether this attempt disabled it.
 */
async function updateEndpointHealth(tx: Tx, actionId: string, r: AttemptOutcome, now: Date): Promise<boolean> {
  // (A success clears failing_since in recordSuccess.)
  if (r.reason === "endpoint_gone") {
    const rows = await tx
      .update(postCallActions)
      .set({ disabledReason: "gone", disabledAt: now, updatedAt: now })
      .where(and(eq(postCallActions.id, actionId), sql`${postCallActions.disabledAt} is null`))
      .returning({ id: postCallActions.id });
    return rows.length > 0;
  }
  const [row] = await tx
    .update(postCallActions)
    .set({ failingSince: sql`coalesce(${postCallActions.failingSince}, ${now.toISOString()}::timestamptz)` })
    .where(eq(postCallActions.id, actionId))
    .returning({ failingSince: postCallActions.failingSince, disabledAt: postCallActions.disabledAt });
  if (row && !row.disabledAt && row.failingSince && now.getTime() - row.failingSince.getTime() >= ENDPOINT_FAILING_DISABLE_MS) {
    await tx
      .update(postCallActions)
      .set({ disabledReason: "failing", disabledAt: now, updatedAt: now })
      .where(eq(postCallActions.id, actionId));
    return true;
  }
  return false;
}

const REASON_TEXT: Record<string, string> = {
  endpoint_gone: "The endpoint answered 410 Gone, so Aftercall disabled it.",
  endpoint_disabled: "The endpoint has been failing for 5 days, so Aftercall disabled it.",
  retries_exhausted: "Every retry failed.",
  blocked_address: "The URL resolves to a private or reserved address, which Aftercall does not call.",
  insecure_url: "Webhook URLs must use https.",
  timeout: "The endpoint did not answer within 10 seconds, on every retry.",
  network_error: "The endpoint could not be reached, on every retry.",
};

async function alertOwners(d: Delivery, reason: string | null, r: AttemptOutcome, disabled: boolean) {
  const owners = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, d.accountId), eq(memberships.role, "owner")))
    .orderBy(desc(memberships.createdAt));
  const appUrl = getEnv().APP_URL;
  const why = (reason && REASON_TEXT[reason]) ?? "The endpoint did not accept it.";
  const last = r.statusCode ? `Last response: HTTP ${r.statusCode}.` : r.error ? `Last error: ${r.error}.` : "";
  const link = d.callId ? `${appUrl}/calls/${d.callId}` : `${appUrl}/developers/webhooks`;
  const subject = disabled ? "Webhook endpoint disabled" : "Webhook delivery failed";
  const text = [
    `A webhook to ${d.destination} could not be delivered (webhook-id ${d.messageId}).`,
    why,
    last,
    disabled ? "Later calls will not be sent to this endpoint until you re-enable it under Developer Tools → Delivery log." : "",
    `Details: ${link}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  const html = text
    .split("\n\n")
    .map((p) => `<p>${p.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>`)
    .join("");
  for (const { email } of owners) {
    await sendEmail({ accountId: d.accountId, to: email, subject, text, html, kind: "alert", idempotencyKey: `alert-${d.id}-${email}` });
    log.info({ deliveryId: d.id, to: maskEmail(email) }, "owner alerted about a failed webhook");
  }
}
