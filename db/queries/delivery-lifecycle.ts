import { and, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, creditLedger, deliveries, deliveryAttempts, postCallActions } from "@/db/schema";
import type { AttemptOutcome } from "@/lib/delivery/attempt-outcome";
import { receiptRefundNote, REFUNDED_RECEIPTS, type Receipt } from "@/lib/delivery/receipts";
import { isUniqueViolation } from "@/lib/errors";
import { newId, newIds } from "@/lib/ids";
import { deliveryJobsSql, enqueueDeliveries, enqueueDeliveryAttempt, enqueueDeliveryAttempts, webhooksWokenSql } from "@/lib/jobs/queue";
import { MAX_ACTIONS_PER_ACCOUNT, type Channel } from "@/lib/pricing";
import { callMessagesJson, type CallMessage } from "./attempt-context";

/**
 * Every change of a delivery's status, in one place:
 *
 *   created (with its job) ─┬─ charged ─┬─ attempt started (SMS) ─ attempt recorded ─┬─ sent
 *                           │           │                                            ├─ failed (+ refund)
 *                           └─ skipped ─┘                                            └─ pending, next job
 *   sent / failed / skipped ── requeued (resend, recovery) ── pending, next job
 *   pending, job dead-lettered ── given up: failed (+ refund)
 *   sent (SMS, email) ── receipt recorded: delayed < delivered < complained < undelivered | bounced (+ refund)
 *
 * Each transition is one statement or one transaction, guarded by the state it expects (`status =
 * 'pending'`, the attempt count it read), so a crash-recovered or duplicate job changes nothing twice.
 * Charges and refunds are exactly-once by the ledger's unique (delivery_id, kind) index. The delivery
 * job (lib/jobs/handlers/deliver.ts) only decides and sends; it records through here.
 */

export type Delivery = typeof deliveries.$inferSelect;

/** Why a delivery ends `failed` or `skipped` (besides an attempt's own AttemptFailureReason). */
export type DeliveryEndReason = "insufficient_credits" | "endpoint_disabled" | "retries_exhausted" | "worker_failed";

/** An SMS or email of a stored call (a sample call's too): a webhook of that call may be waiting for its outcome. */
export const awaitedByWebhook = (d: Pick<Delivery, "channel" | "callId" | "test">) => d.channel !== "webhook" && d.callId !== null;

/**
 * CTEs ending a statement that may give `d` (an SMS or email) its first outcome: `settled` yields a
 * row when it did (`when`: a query over the statement's own CTEs), and the call's webhooks waiting for
 * it are counted down and started (lib/jobs/queue.ts). Empty for anything no webhook waits for.
 */
function firstOutcomeCtes(d: Pick<Delivery, "channel" | "callId" | "test" | "accountId">, when: SQL): SQL {
  if (!awaitedByWebhook(d)) return sql``;
  return sql`, settled as (${when}), ${webhooksWokenSql({ callId: d.callId!, accountId: d.accountId, test: d.test })}`;
}
const webhooksStarted = (d: Pick<Delivery, "channel" | "callId" | "test">) =>
  awaitedByWebhook(d) ? sql`(select count(*) from webhook_started)` : sql`0`;

/** Within a transaction whose earlier statement gave `d` its first outcome: wakes the webhooks waiting for it. */
async function wakeWaitingWebhooks(tx: Tx, d: Pick<Delivery, "channel" | "callId" | "test" | "accountId">) {
  if (!awaitedByWebhook(d)) return;
  await tx.execute(sql`with done as (select 1) ${firstOutcomeCtes(d, sql`select 1 from done`)} select ${webhooksStarted(d)} as started`);
}

/** A webhook endpoint failing for this long (a failure after it) is disabled. */
export const ENDPOINT_FAILING_DISABLE_MS = 5 * 86400 * 1000;

// ─── Read ───────────────────────────────────────────────────────────────────────────────────────────

/** A call's SMS and email deliveries (db/queries/attempt-context.ts `callMessagesJson`), for the delivery log. */
export async function callMessageDeliveries(db: Db, accountId: string, callId: string, test = false): Promise<CallMessage[]> {
  const [row] = await db.execute<{ messages: CallMessage[] }>(sql`select ${callMessagesJson(sql`${callId}`, sql`${accountId}`, sql`${test}`)} as messages`);
  return row?.messages ?? [];
}

// ─── Created ────────────────────────────────────────────────────────────────────────────────────────

/**
 * The tail of every statement that runs a call's post-call actions: one pending delivery per enabled
 * action whose conditions match, and their pg-boss jobs, as CTEs (`matched`, `delivery`, `job`,
 * `notified`) that follow a CTE named `call` yielding `id, account_id, status, duration_seconds, agent_id`
 * of the one call whose actions run now (none: nothing is created). An action routed to some agents
 * (`agent_ids` not empty) runs only for their calls.
 *
 * `on conflict do nothing` rests on the unique (call, action) index: whichever statement creates a
 * call's deliveries first wins, and a racing one (a platform's redelivery, the wait's sweep) inserts
 * nothing — so no job either, since jobs are fed by the inserted rows only. One call never runs the
 * same action twice.
 *
 * The statement must select `(select count(*) from notified)` (PostgreSQL skips an unreferenced CTE).
 */
export async function callDeliveriesCtes(db: Db, opts: { test?: boolean } = {}): Promise<SQL> {
  return callDeliveriesCtesWith(db, { ...newDeliveryIds(), test: opts.test === true });
}

/**
 * Ids for the deliveries a call's statement may create, taken in action order (ids are random, not
 * sequential), as the JSON arrays `callDeliveriesCtesWith` reads them from.
 */
export function newDeliveryIds(): { deliveryIds: string; messageIds: string } {
  return { deliveryIds: JSON.stringify(newIds("dlv", MAX_ACTIONS_PER_ACCOUNT)), messageIds: JSON.stringify(newIds("msg", MAX_ACTIONS_PER_ACCOUNT)) };
}

/**
 * `callDeliveriesCtes` with its values given: the values themselves (`newDeliveryIds`, and whether the
 * deliveries are tests), or a reusable statement's placeholders for them (db/statement.ts).
 */
export async function callDeliveriesCtesWith(db: Db, v: { deliveryIds: unknown; messageIds: unknown; test: unknown }): Promise<SQL> {
  const jobs = await deliveryJobsSql(db, sql`select id, channel, awaiting_messages from delivery`);
  return sql`
    matched as (
      select a.id, a.channel, a.destination, row_number() over (order by a.position) as n,
             -- A webhook waits for the call's SMS and email to reach a first outcome (lib/jobs/queue.ts).
             case when a.channel = 'webhook' then count(*) filter (where a.channel <> 'webhook') over () else 0 end as awaiting_messages
        from post_call_actions a join call on a.account_id = call.account_id
       where a.enabled
         and call.status = any(a.statuses)
         and a.min_duration_seconds <= call.duration_seconds
         and (cardinality(a.agent_ids) = 0 or call.agent_id = any(a.agent_ids))
    ),
    delivery as (
      insert into deliveries (id, account_id, call_id, action_id, channel, destination, status, message_id, test, awaiting_messages)
      select ${v.deliveryIds}::jsonb ->> (m.n::int - 1), call.account_id, call.id, m.id, m.channel, m.destination, 'pending',
             ${v.messageIds}::jsonb ->> (m.n::int - 1), ${v.test}::boolean, m.awaiting_messages
        from matched m cross join call
      on conflict do nothing
      returning id, channel, awaiting_messages
    ),
    job as (${jobs.insert}),
    notified as (${jobs.notify} from job limit 1)`;
}

/** A free `test` delivery of a saved action (not about a stored call) and its job, in the caller's transaction. */
export async function insertTestDelivery(tx: Tx, accountId: string, action: { id: string; channel: Channel; destination: string }): Promise<string> {
  const deliveryId = newId("dlv");
  await tx.insert(deliveries).values({
    id: deliveryId,
    accountId,
    callId: null,
    actionId: action.id,
    channel: action.channel,
    destination: action.destination,
    status: "pending",
    test: true,
    messageId: newId("msg"),
    credits: 0,
  });
  await enqueueDeliveries(tx, [{ id: deliveryId, channel: action.channel }]);
  return deliveryId;
}

// ─── Requeued ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Delivers a finished delivery again (Developer Tools' "resend", POST /webhook-deliveries/{id}/resend),
 * in the caller's transaction: back to pending, next attempt number, same `webhook-id` and — for
 * webhooks — the same payload as first sent. A charge is never repeated (the ledger's unique index),
 * so resending a refunded message is free. Returns false when the delivery is not this account's or
 * is still pending.
 */
export async function requeueDelivery(tx: Tx, accountId: string, deliveryId: string): Promise<boolean> {
  const [row] = await tx
    .update(deliveries)
    // A new send gets its own receipts: the last one was about the message sent before.
    .set({ status: "pending", reason: null, completedAt: null, nextAttemptAt: null, receipt: null, receiptCode: null, receiptDetail: null, receiptAt: null, updatedAt: new Date() })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.accountId, accountId), sql`${deliveries.status} <> 'pending'`))
    .returning({ id: deliveries.id, channel: deliveries.channel, attemptCount: deliveries.attemptCount });
  if (!row) return false;
  await enqueueDeliveryAttempt(tx, row, row.attemptCount + 1);
  return true;
}

/**
 * The bulk form of `requeueDelivery` ("resend everything that failed since …"): the given deliveries of
 * the account that are not pending go back to pending in one statement, each with its next attempt's
 * job, in the caller's transaction. A delivery already pending (queued by another request meanwhile)
 * is left alone, so nothing is queued twice. Returns the ids it requeued.
 */
export async function requeueDeliveries(tx: Tx, accountId: string, deliveryIds: string[]): Promise<string[]> {
  if (deliveryIds.length === 0) return [];
  const rows = await tx
    .update(deliveries)
    .set({ status: "pending", reason: null, completedAt: null, nextAttemptAt: null, updatedAt: new Date() })
    .where(and(inArray(deliveries.id, deliveryIds), eq(deliveries.accountId, accountId), sql`${deliveries.status} <> 'pending'`))
    .returning({ id: deliveries.id, channel: deliveries.channel, attemptCount: deliveries.attemptCount });
  await enqueueDeliveryAttempts(tx, rows.map((r) => ({ id: r.id, channel: r.channel, attempt: r.attemptCount + 1 })));
  return rows.map((r) => r.id);
}

// ─── Charged ────────────────────────────────────────────────────────────────────────────────────────

/**
 * Charges and refunds move the ledger and the balance together, atomically. The unique
 * (delivery_id, kind) index makes each exactly-once: a second charge of the same delivery (a retry,
 * a crash-recovered job, a resend) fails its insert and rolls back its own balance change.
 */
export type ChargeResult = "charged" | "already_charged" | "insufficient_credits";

/**
 * One statement, not a transaction of four: the balance update locks the account's row until commit,
 * and every SMS and email of the account charges that same row — at 100 messages a second, holding it
 * across client round trips queued the whole worker behind it (bench: seconds of wait per message).
 * `lowBalanceChanged`: this charge left the balance on the other side of the account's low-balance
 * threshold from its alert mark, so lib/low-balance.ts has work to do — read from the row the charge
 * updated, which spares every other charge that check's own read.
 */
export async function chargeDelivery(
  db: Db,
  d: { id: string; accountId: string; channel: Channel },
  cost: number,
): Promise<{ charge: ChargeResult; lowBalanceChanged: boolean }> {
  if (cost <= 0) return { charge: "charged", lowBalanceChanged: false };
  try {
    const [row] = await db.execute<{ charged: boolean; already: boolean; low_balance_changed: boolean }>(sql`
      with already as (
        select exists (select 1 from credit_ledger where delivery_id = ${d.id} and kind = 'charge') as yes
      ),
      account as (
        -- The guard keeps the balance from going below zero (the CHECK would refuse it anyway).
        update accounts set credit_balance = credit_balance - ${cost}
         where id = ${d.accountId} and credit_balance >= ${cost} and not (select yes from already)
        returning credit_balance, low_balance_threshold, low_balance_alerted_at
      ),
      ledger as (
        insert into credit_ledger (account_id, kind, amount, balance_after, delivery_id, channel)
        select ${d.accountId}, 'charge', ${-cost}::int, credit_balance, ${d.id}, ${d.channel}::channel from account
        returning delivery_id
      ),
      delivery as (
        update deliveries set credits = ${cost}, updated_at = now() where id in (select delivery_id from ledger)
      )
      select exists (select 1 from ledger) as charged, (select yes from already) as already,
             coalesce((select (low_balance_threshold is not null and credit_balance < low_balance_threshold) <> (low_balance_alerted_at is not null)
                         from account), false) as low_balance_changed`);
    if (row!.charged) return { charge: "charged", lowBalanceChanged: row!.low_balance_changed };
    return { charge: row!.already ? "already_charged" : "insufficient_credits", lowBalanceChanged: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { charge: "already_charged", lowBalanceChanged: false };
    throw error;
  }
}

/**
 * Gives back what a delivery was charged, once, inside the caller's transaction (the one that marks
 * it failed). Nothing happens when it was never charged or is already refunded.
 */
async function refundDelivery(tx: Tx, d: { id: string; accountId: string; channel: Channel }, note = "Refund: delivery failed"): Promise<number> {
  const [charge] = await tx
    .select({ amount: creditLedger.amount })
    .from(creditLedger)
    .where(and(eq(creditLedger.deliveryId, d.id), eq(creditLedger.kind, "charge")));
  if (!charge) return 0;
  const [refunded] = await tx
    .select({ id: creditLedger.id })
    .from(creditLedger)
    .where(and(eq(creditLedger.deliveryId, d.id), eq(creditLedger.kind, "refund")));
  if (refunded) return 0;
  const amount = -charge.amount;
  const [acct] = await tx
    .update(accounts)
    .set({ creditBalance: sql`${accounts.creditBalance} + ${amount}` })
    .where(eq(accounts.id, d.accountId))
    .returning({ balance: accounts.creditBalance });
  await tx.insert(creditLedger).values({
    accountId: d.accountId,
    kind: "refund",
    amount,
    balanceAfter: acct!.balance,
    deliveryId: d.id,
    channel: d.channel,
    note,
  });
  await tx.update(deliveries).set({ credits: 0 }).where(eq(deliveries.id, d.id));
  return amount;
}

// ─── Skipped ────────────────────────────────────────────────────────────────────────────────────────

/** Ends a pending delivery without an attempt (no credits, a disabled endpoint). False if it was no longer pending. */
export async function skipDelivery(db: Db, d: Delivery, reason: DeliveryEndReason): Promise<boolean> {
  const now = new Date().toISOString();
  const [row] = await db.execute<{ skipped: number }>(sql`
    with delivery as (
      update deliveries set status = 'skipped', reason = ${reason}, completed_at = ${now}::timestamptz, updated_at = ${now}::timestamptz,
             next_attempt_at = null
       where id = ${d.id} and status = 'pending'
      returning attempt_count
    )
    ${firstOutcomeCtes(d, sql`select 1 from delivery where attempt_count = 0`)}
    select (select count(*) from delivery)::int as skipped, ${webhooksStarted(d)} as started`);
  return row!.skipped > 0;
}

// ─── Attempt started ────────────────────────────────────────────────────────────────────────────────

/**
 * Notes that an SMS attempt is about to hand its message to Twilio, before it does: if the worker dies
 * before the outcome is recorded, the next run finds the mark and asks Twilio instead of sending again.
 * An earlier mark whose outcome is still unknown is kept (its message may be the one Twilio has).
 * Returns the mark in force, or null when the delivery moved past this attempt meanwhile.
 */
export async function markAttemptStarted(db: Db, d: Delivery, at: Date): Promise<Date | null> {
  const [row] = await db
    .update(deliveries)
    // updated_at is this send's own start, which `smsInFlight` reads: the mark may be an older attempt's.
    .set({ attemptStartedAt: sql`coalesce(${deliveries.attemptStartedAt}, ${at.toISOString()}::timestamptz)`, updatedAt: at })
    .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "pending"), eq(deliveries.attemptCount, d.attemptCount)))
    .returning({ startedAt: deliveries.attemptStartedAt });
  return row?.startedAt ?? null;
}

/**
 * Which of `sids` (Twilio messages to `destination`) SMS deliveries already recorded as theirs: the same
 * text to the same number may be another delivery's. Across accounts, since every account's SMS go out
 * from the same Twilio number; only the ids are read. Asked only while recovering a lost outcome.
 */
export async function smsMessageIdsTaken(db: Db | Tx, destination: string, sids: string[]): Promise<Set<string>> {
  if (sids.length === 0) return new Set();
  const rows = await db
    .select({ sid: deliveries.providerMessageId })
    .from(deliveries)
    .where(and(inArray(deliveries.providerMessageId, sids), eq(deliveries.channel, "sms"), eq(deliveries.destination, destination)));
  return new Set(rows.map((r) => r.sid!));
}

/**
 * Other SMS deliveries to `destination` handed to Twilio at or after `since` (marked, the mark's
 * `updated_at` that recent) whose outcome is not recorded yet, across accounts (as
 * `smsMessageIdsTaken`). A recorded one is sent, failed, unmarked, or marked with a retry scheduled
 * (a maybe-delivered failure keeps its mark), so none of those count. With `among`, only those ids.
 * Asked only while recovering a lost outcome; the partial index on marked SMS keeps it to the few in
 * flight.
 */
export async function smsInFlight(db: Db, q: { destination: string; except: string; since: Date; among?: string[] }): Promise<string[]> {
  if (q.among?.length === 0) return [];
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.destination, q.destination),
        sql`${deliveries.attemptStartedAt} is not null`,
        sql`${deliveries.updatedAt} >= ${q.since.toISOString()}::timestamptz`,
        sql`(${deliveries.nextAttemptAt} is null or ${deliveries.nextAttemptAt} <= now())`,
        eq(deliveries.channel, "sms"),
        eq(deliveries.status, "pending"),
        sql`${deliveries.id} <> ${q.except}`,
        q.among ? inArray(deliveries.id, q.among) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

// ─── Attempt recorded ───────────────────────────────────────────────────────────────────────────────

export type RecordedAttempt = {
  startedAt: Date;
  now: Date;
  outcome: AttemptOutcome;
  /** A failure: when the next attempt runs; null ends the delivery `failed` with `failReason`. */
  retryAt: Date | null;
  failReason?: string;
};

export type RecordResult =
  | { status: "sent" | "failed" | "pending"; reason: string | null; disabledEndpoint: boolean; retryAt: Date | null }
  | { status: "conflict" };

class ConcurrentUpdate extends Error {}

/**
 * Records attempt number `attemptCount + 1` of `d` (as read before the attempt) with its outcome, in
 * one go: the attempt row, the delivery's new state (sent, failed with a refund, or pending with the
 * next attempt's job), the webhook endpoint's health, and a wake-up for a webhook waiting on this
 * message. `conflict` when another run recorded this attempt first (only possible when something
 * bypasses the queue's one-active-job-per-delivery policy): its record stands, ours is dropped.
 */
export async function recordAttempt(db: Db, d: Delivery, a: RecordedAttempt): Promise<RecordResult> {
  const attemptNumber = d.attemptCount + 1;
  const isWebhookEndpoint = d.channel === "webhook" && d.actionId !== null && !d.test;
  const r = a.outcome;
  try {
    if (r.outcome === "success") {
      const recorded = r.found && r.providerMessageId
        ? await recordFoundSms(db, d, r.providerMessageId, (tx) => recordSuccess(tx, d, attemptNumber, a, isWebhookEndpoint))
        : await recordSuccess(db, d, attemptNumber, a, isWebhookEndpoint);
      if (!recorded) throw new ConcurrentUpdate();
      return { status: "sent", reason: null, disabledEndpoint: false, retryAt: null };
    }
    return await db.transaction(async (tx) => {
      let retryAt = a.retryAt;
      let failReason = retryAt ? null : (a.failReason ?? r.reason);
      await tx.insert(deliveryAttempts).values({
        deliveryId: d.id,
        accountId: d.accountId,
        actionId: d.actionId,
        attemptNumber,
        startedAt: a.startedAt,
        latencyMs: r.latencyMs,
        outcome: r.outcome === "final" ? "final_error" : "retryable_error",
        statusCode: r.statusCode,
        error: r.error,
        requestHeaders: r.requestHeaders ?? null,
        requestBody: r.requestBody ?? null,
        responseBody: r.responseBody,
      });

      let disabledEndpoint = false;
      if (isWebhookEndpoint) {
        disabledEndpoint = await updateEndpointHealth(tx, d.actionId!, r.reason, a.now);
        // The endpoint was just disabled: this delivery stops here too.
        if (disabledEndpoint && retryAt) [failReason, retryAt] = ["endpoint_disabled", null];
      }

      if (failReason && d.channel !== "webhook" && !d.test) await refundDelivery(tx, d);

      const updated = await tx
        .update(deliveries)
        .set({
          status: failReason ? "failed" : "pending",
          reason: failReason,
          attemptCount: attemptNumber,
          nextAttemptAt: retryAt,
          lastStatusCode: r.statusCode,
          lastLatencyMs: r.latencyMs,
          // An SMS Twilio may have taken after all keeps its mark: the next attempt asks Twilio first.
          attemptStartedAt: r.maybeDelivered && !failReason ? sql`${deliveries.attemptStartedAt}` : null,
          completedAt: failReason ? a.now : null,
          updatedAt: a.now,
        })
        .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "pending"), eq(deliveries.attemptCount, d.attemptCount)))
        .returning({ id: deliveries.id });
      if (updated.length === 0) throw new ConcurrentUpdate();

      if (retryAt) await enqueueDeliveryAttempt(tx, d, attemptNumber + 1, retryAt);
      if (attemptNumber === 1) await wakeWaitingWebhooks(tx, d);
      return { status: failReason ? ("failed" as const) : ("pending" as const), reason: failReason, disabledEndpoint, retryAt };
    });
  } catch (error) {
    if (error instanceof ConcurrentUpdate || isUniqueViolation(error, "delivery_attempts_delivery_number_uq")) return { status: "conflict" };
    throw error;
  }
}

/** Another delivery recorded the message a recovering SMS found: pg-boss retries the job, which asks Twilio again. */
export class FoundSmsTaken extends Error {}

/**
 * Records an SMS found at Twilio (not sent by this attempt) as this delivery's, unless another delivery
 * holds it: two deliveries recovering at once may find the same message. One at a time per message (a
 * transaction-scoped lock on its id); the check runs after the lock, so it sees the other's commit.
 */
async function recordFoundSms(db: Db, d: Delivery, sid: string, record: (tx: Tx) => Promise<boolean>): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sms:${sid}`}))`);
    const taken = await smsMessageIdsTaken(tx, d.destination, [sid]);
    if (taken.size > 0) throw new FoundSmsTaken(`Twilio's ${sid} was recorded by another delivery while ${d.id} recovered; retried`);
    return record(tx);
  });
}

/**
 * The common outcome in one statement instead of a five-round-trip transaction: the delivery marked
 * sent, its attempt stored, and a failing endpoint marked healthy again. The attempt and the endpoint
 * change only happen if the delivery was still at the attempt this job made; false when it was not. A
 * second record of the same attempt number fails the unique index and changes nothing.
 */
async function recordSuccess(db: Db | Tx, d: Delivery, attemptNumber: number, a: RecordedAttempt, isWebhookEndpoint: boolean) {
  const r = a.outcome as Extract<AttemptOutcome, { outcome: "success" }>;
  const [row] = await db.execute<{ updated: number }>(sql`
    with delivery as (
      update deliveries
         set status = 'sent', reason = null, attempt_count = ${attemptNumber}, next_attempt_at = null, attempt_started_at = null,
             last_status_code = ${r.statusCode}::int, last_latency_ms = ${r.latencyMs}::int,
             provider_message_id = coalesce(${r.providerMessageId}::text, provider_message_id),
             completed_at = ${a.now.toISOString()}::timestamptz, updated_at = ${a.now.toISOString()}::timestamptz
       where id = ${d.id} and status = 'pending' and attempt_count = ${d.attemptCount}
      returning id
    ),
    attempt as (
      insert into delivery_attempts (delivery_id, account_id, action_id, attempt_number, started_at, latency_ms, outcome, status_code,
                                     error, request_headers, request_body, response_body)
      select id, ${d.accountId}, ${d.actionId}::text, ${attemptNumber}, ${a.startedAt.toISOString()}::timestamptz, ${r.latencyMs}::int, 'success',
             ${r.statusCode}::int, null, ${r.requestHeaders ? JSON.stringify(r.requestHeaders) : null}::jsonb,
             ${r.requestBody ?? null}::text, ${r.note ?? r.responseBody}::text
        from delivery
    ),
    endpoint as (
      -- Only when it was failing: every webhook to the endpoint would otherwise lock its action row.
      update post_call_actions set failing_since = null
       where ${isWebhookEndpoint} and id = ${d.actionId} and failing_since is not null and exists (select 1 from delivery)
    )
    ${attemptNumber === 1 ? firstOutcomeCtes(d, sql`select 1 from delivery`) : sql``}
    select count(*)::int as updated, ${attemptNumber === 1 ? webhooksStarted(d) : sql`0`} as started from delivery`);
  return row!.updated === 1;
}

/**
 * `failing_since` marks when an endpoint started failing (cleared by any success); a failure more than
 * 5 days after it, or a 410, disables the endpoint. Returns whether this attempt disabled it.
 */
async function updateEndpointHealth(tx: Tx, actionId: string, reason: string, now: Date): Promise<boolean> {
  if (reason === "endpoint_gone") {
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
    await tx.update(postCallActions).set({ disabledReason: "failing", disabledAt: now, updatedAt: now }).where(eq(postCallActions.id, actionId));
    return true;
  }
  return false;
}

// ─── Receipt recorded ───────────────────────────────────────────────────────────────────────────────

export type ReceiptResult =
  /** The receipt is now the delivery's; `refunded` credits went back with it. */
  | { outcome: "recorded"; deliveryId: string; accountId: string; refunded: number }
  /** A receipt as high or higher was already recorded (a redelivery, or one that arrived out of order). */
  | { outcome: "superseded"; deliveryId: string; accountId: string }
  /** No sent message of ours has this provider id (another system's message, or not recorded yet). */
  | { outcome: "unknown" };

/**
 * Records what the provider later said about a sent SMS or email, found by the provider's message id
 * (Twilio's MessageSid, Resend's email id). The provider's id is the only key a receipt carries, so
 * this is the one lookup not scoped by an account: the id was stored by our own send
 * (`recordSuccess`), and the row found decides the account.
 *
 * One transaction: the receipt replaces a lower one only (`delivery_receipt` is declared in rank
 * order), so redelivered and out-of-order receipts change nothing; a receipt that means the message
 * never arrived refunds its charge with a ledger note naming why — once, by the same guard and the
 * ledger's unique (delivery_id, kind) index. Test sends were never charged and get no refund.
 */
export async function recordReceipt(db: Db, channel: "sms" | "email", providerMessageId: string, r: Receipt): Promise<ReceiptResult> {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .update(deliveries)
      .set({ receipt: r.receipt, receiptCode: r.code, receiptDetail: r.detail, receiptAt: r.at, updatedAt: new Date() })
      .where(
        and(
          eq(deliveries.providerMessageId, providerMessageId),
          eq(deliveries.channel, channel),
          eq(deliveries.status, "sent"),
          sql`(${deliveries.receipt} is null or ${deliveries.receipt} < ${r.receipt}::delivery_receipt)`,
        ),
      )
      .returning({ id: deliveries.id, accountId: deliveries.accountId, channel: deliveries.channel });
    if (!d) {
      const [known] = await tx
        .select({ id: deliveries.id, accountId: deliveries.accountId })
        .from(deliveries)
        .where(and(eq(deliveries.providerMessageId, providerMessageId), eq(deliveries.channel, channel), eq(deliveries.status, "sent")));
      return known ? { outcome: "superseded", deliveryId: known.id, accountId: known.accountId } : { outcome: "unknown" };
    }
    const refunded = REFUNDED_RECEIPTS.includes(r.receipt) ? await refundDelivery(tx, d, receiptRefundNote(channel, r)) : 0;
    return { outcome: "recorded", deliveryId: d.id, accountId: d.accountId, refunded };
  });
}

// ─── Given up ───────────────────────────────────────────────────────────────────────────────────────

/**
 * Ends a delivery whose job pg-boss gave up on (the worker crashed or threw on every retry: a crash
 * loop, a poison payload): `failed` with reason `worker_failed`, an attempt row saying so, and its
 * charge refunded — so no delivery stays pending forever. Only while the delivery is still pending at
 * or before the attempt that job was for (`attempt`); one that moved on since is left alone. Returns
 * whether it was given up.
 */
export async function giveUpDelivery(db: Db, job: { deliveryId: string; attempt?: number }, error: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [d] = await tx
      .update(deliveries)
      .set({
        status: "failed",
        reason: "worker_failed" satisfies DeliveryEndReason,
        attemptCount: sql`${deliveries.attemptCount} + 1`,
        nextAttemptAt: null,
        attemptStartedAt: null,
        completedAt: now,
        updatedAt: now,
      })
      .where(and(eq(deliveries.id, job.deliveryId), eq(deliveries.status, "pending"), lt(deliveries.attemptCount, job.attempt ?? 1)))
      .returning();
    if (!d) return false;
    await tx.insert(deliveryAttempts).values({
      deliveryId: d.id,
      accountId: d.accountId,
      actionId: d.actionId,
      attemptNumber: d.attemptCount,
      startedAt: now,
      latencyMs: null,
      outcome: "final_error",
      error: `Aftercall could not complete this attempt: ${error}`,
    });
    if (d.channel !== "webhook" && !d.test) await refundDelivery(tx, d);
    if (d.attemptCount === 1) await wakeWaitingWebhooks(tx, d);
    return true;
  });
}
