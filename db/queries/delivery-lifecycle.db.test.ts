import { asc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { accounts, creditLedger, deliveries, deliveryAttempts, postCallActions } from "@/db/schema";
import { attemptFailure } from "@/lib/delivery/attempt-outcome";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { ledgerTotals } from "./charges";
import {
  chargeDelivery,
  giveUpDelivery,
  insertTestDelivery,
  markAttemptStarted,
  recordAttempt,
  requeueDelivery,
  skipDelivery,
  type Delivery,
} from "./delivery-lifecycle";

/** Each transition of a delivery, on its own, against the database: what it changes and what it refuses. */

afterAll(async () => {
  await stopBoss();
});

async function row(id: string): Promise<Delivery> {
  const [d] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return d!;
}
const attempts = (id: string) => db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.attemptNumber));
const jobs = (id: string) =>
  db.execute<{ state: string; attempt: number | null; start_after: Date }>(sql`
    select state, (data->>'attempt')::int as attempt, start_after from pgboss.job where name = 'delivery' and singleton_key = ${id} order by created_on`);
const balance = async (accountId: string) => (await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId)))[0]!.b;

async function smsDelivery(credits = 100) {
  const account = await createAccount({ credits });
  const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
  const { deliveryIds } = await createCall(account, actions);
  return { account, actions, id: deliveryIds[0]! };
}

const success = { outcome: "success", via: "twilio", providerMessageId: "SMabc", statusCode: null, latencyMs: 12, responseBody: null } as const;
const t0 = new Date("2026-11-24T09:00:00Z");

describe("created", () => {
  it("a test delivery is pending, free, and has its job", async () => {
    const account = await createAccount();
    const [action] = await createActions(account.accountId, [{ channel: "webhook", destination: "https://example.com/h" }]);
    const id = await db.transaction((tx) => insertTestDelivery(tx, account.accountId, action!));
    expect(await row(id)).toMatchObject({ status: "pending", test: true, credits: 0, callId: null, actionId: action!.id, attemptCount: 0 });
    expect((await jobs(id)).map((j) => j.state)).toEqual(["created"]);
  });
});

describe("charged", () => {
  it("once per delivery, never below zero", async () => {
    const { account, id } = await smsDelivery(15);
    const d = await row(id);
    expect((await chargeDelivery(db, d, 10)).charge).toBe("charged");
    expect((await chargeDelivery(db, d, 10)).charge).toBe("already_charged");
    expect(await balance(account.accountId)).toBe(5);
    expect((await row(id)).credits).toBe(10);

    const other = await smsDelivery(5);
    expect((await chargeDelivery(db, await row(other.id), 10)).charge).toBe("insufficient_credits");
    expect(await balance(other.account.accountId)).toBe(5);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 5, balance: 5 });
  });

  it("says when the charge left the balance across the low-balance threshold from its alert mark", async () => {
    const charge = async (credits: number, threshold: number | null, alerted: boolean) => {
      const { account, id } = await smsDelivery(credits);
      await db
        .update(accounts)
        .set({ lowBalanceThreshold: threshold, lowBalanceAlertedAt: alerted ? t0 : null })
        .where(eq(accounts.id, account.accountId));
      return chargeDelivery(db, await row(id), 10);
    };
    expect(await charge(100, 50, false)).toEqual({ charge: "charged", lowBalanceChanged: false }); // 90: still above
    expect(await charge(55, 50, false)).toEqual({ charge: "charged", lowBalanceChanged: true }); // 45: crossed, not yet alerted
    expect(await charge(55, 50, true)).toEqual({ charge: "charged", lowBalanceChanged: false }); // already alerted
    expect(await charge(100, 50, true)).toEqual({ charge: "charged", lowBalanceChanged: true }); // back above: the mark clears
    expect(await charge(15, null, false)).toEqual({ charge: "charged", lowBalanceChanged: false }); // no threshold
    expect(await charge(5, 50, false)).toEqual({ charge: "insufficient_credits", lowBalanceChanged: false });
  });
});

describe("skipped", () => {
  it("only from pending", async () => {
    const { id } = await smsDelivery();
    const d = await row(id);
    expect(await skipDelivery(db, d, "insufficient_credits")).toBe(true);
    expect(await row(id)).toMatchObject({ status: "skipped", reason: "insufficient_credits", nextAttemptAt: null });
    expect((await row(id)).completedAt).toBeInstanceOf(Date);
    expect(await skipDelivery(db, d, "endpoint_disabled")).toBe(false);
    expect((await row(id)).reason).toBe("insufficient_credits");
  });
});

describe("attempt started", () => {
  it("keeps the earliest unresolved start, and refuses a delivery that moved on", async () => {
    const { id } = await smsDelivery();
    const d = await row(id);
    expect(await markAttemptStarted(db, d, t0)).toEqual(t0);
    const later = new Date(t0.getTime() + 60_000);
    expect(await markAttemptStarted(db, d, later)).toEqual(t0);
    expect((await row(id)).attemptStartedAt).toEqual(t0);

    await recordAttempt(db, d, { startedAt: t0, now: later, outcome: success, retryAt: null });
    expect(await markAttemptStarted(db, d, later)).toBeNull();
  });
});

describe("attempt recorded", () => {
  it("success: sent, the attempt stored, the start mark cleared; the same attempt again is a conflict", async () => {
    const { id } = await smsDelivery();
    const d = await row(id);
    await markAttemptStarted(db, d, t0);
    const now = new Date(t0.getTime() + 1_000);
    expect(await recordAttempt(db, d, { startedAt: t0, now, outcome: success, retryAt: null })).toMatchObject({ status: "sent" });
    expect(await row(id)).toMatchObject({ status: "sent", attemptCount: 1, providerMessageId: "SMabc", attemptStartedAt: null, completedAt: now, lastLatencyMs: 12 });
    expect(await attempts(id)).toMatchObject([{ attemptNumber: 1, outcome: "success", startedAt: t0, latencyMs: 12 }]);
    expect(await recordAttempt(db, d, { startedAt: t0, now, outcome: success, retryAt: null })).toEqual({ status: "conflict" });
    expect(await attempts(id)).toHaveLength(1);
  });

  it("retryable with a retry left: still pending, the next attempt's job scheduled; a lost answer keeps the start mark", async () => {
    const { id } = await smsDelivery();
    const d = await row(id);
    await markAttemptStarted(db, d, t0);
    const retryAt = new Date(t0.getTime() + 5_000);
    const lost = attemptFailure("retryable", "provider_unavailable", "Twilio unreachable: ECONNRESET", { maybeDelivered: true });
    expect(await recordAttempt(db, d, { startedAt: t0, now: t0, outcome: lost, retryAt })).toMatchObject({ status: "pending", retryAt });
    expect(await row(id)).toMatchObject({ status: "pending", attemptCount: 1, nextAttemptAt: retryAt, attemptStartedAt: t0, reason: null });
    expect((await jobs(id)).map((j) => j.attempt)).toEqual([null, 2]);
    expect(new Date((await jobs(id))[1]!.start_after)).toEqual(retryAt);

    // An answer (a 503) says Twilio took nothing: the mark goes.
    const d2 = await row(id);
    const refused = attemptFailure("retryable", "provider_unavailable", "Twilio 503", { statusCode: 503 });
    await recordAttempt(db, d2, { startedAt: retryAt, now: retryAt, outcome: refused, retryAt: new Date(retryAt.getTime() + 60_000) });
    expect(await row(id)).toMatchObject({ attemptCount: 2, attemptStartedAt: null, lastStatusCode: 503 });
    expect((await attempts(id)).map((a) => a.outcome)).toEqual(["retryable_error", "retryable_error"]);
  });

  it("final: failed with the attempt's reason (or the caller's), charge refunded once", async () => {
    const { account, id } = await smsDelivery(100);
    const d = await row(id);
    await chargeDelivery(db, d, 10);
    const invalid = attemptFailure("final", "invalid_destination", "Twilio 400 (21211)", { statusCode: 400 });
    expect(await recordAttempt(db, d, { startedAt: t0, now: t0, outcome: invalid, retryAt: null })).toMatchObject({ status: "failed", reason: "invalid_destination" });
    expect(await row(id)).toMatchObject({ status: "failed", reason: "invalid_destination", credits: 0, nextAttemptAt: null });
    expect(await balance(account.accountId)).toBe(100);
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.deliveryId, id));
    expect(ledger.map((l) => [l.kind, l.amount]).sort()).toEqual([["charge", -10], ["refund", 10]]);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 100, balance: 100 });

    // Out of retries: the caller names the reason.
    const other = await smsDelivery();
    const timeout = attemptFailure("retryable", "http_error", "HTTP 500", { statusCode: 500 });
    expect(await recordAttempt(db, await row(other.id), { startedAt: t0, now: t0, outcome: timeout, retryAt: null, failReason: "retries_exhausted" })).toMatchObject({
      status: "failed",
      reason: "retries_exhausted",
    });
  });

  it("webhooks: a 410 disables the endpoint and a failure after 5 days of failing ends a retrying delivery", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: "https://example.com/h" }]);
    const first = (await createCall(account, actions)).deliveryIds[0]!;
    const gone = attemptFailure("final", "endpoint_gone", "410 Gone", { statusCode: 410 });
    expect(await recordAttempt(db, await row(first), { startedAt: t0, now: t0, outcome: gone, retryAt: null })).toMatchObject({ status: "failed", disabledEndpoint: true });
    const [action] = await db.select().from(postCallActions).where(eq(postCallActions.id, actions[0]!.id));
    expect(action).toMatchObject({ disabledReason: "gone" });

    await db.update(postCallActions).set({ disabledAt: null, disabledReason: null, failingSince: t0 }).where(eq(postCallActions.id, actions[0]!.id));
    const second = (await createCall(account, actions)).deliveryIds[0]!;
    const sixDaysOn = new Date(t0.getTime() + 6 * 86400_000);
    const failing = attemptFailure("retryable", "http_error", "HTTP 500", { statusCode: 500 });
    expect(await recordAttempt(db, await row(second), { startedAt: sixDaysOn, now: sixDaysOn, outcome: failing, retryAt: new Date(sixDaysOn.getTime() + 5_000) })).toMatchObject({
      status: "failed",
      reason: "endpoint_disabled",
      disabledEndpoint: true,
      retryAt: null,
    });
    expect((await jobs(second)).map((j) => j.attempt)).toEqual([null]);
  });
});

describe("requeued", () => {
  it("a finished delivery goes back to pending with a job for its next attempt; pending or another account's, refused", async () => {
    const { account, id } = await smsDelivery();
    const other = await createAccount();
    expect(await db.transaction((tx) => requeueDelivery(tx, account.accountId, id))).toBe(false); // still pending
    await recordAttempt(db, await row(id), { startedAt: t0, now: t0, outcome: success, retryAt: null });
    expect(await db.transaction((tx) => requeueDelivery(tx, other.accountId, id))).toBe(false);
    expect(await db.transaction((tx) => requeueDelivery(tx, account.accountId, id))).toBe(true);
    expect(await row(id)).toMatchObject({ status: "pending", attemptCount: 1, completedAt: null, reason: null });
    expect((await jobs(id)).map((j) => j.attempt)).toEqual([null, 2]);
  });
});

describe("given up", () => {
  it("a pending delivery at the dead job's attempt: failed (worker_failed), an attempt saying why, refunded once", async () => {
    const { account, id } = await smsDelivery(100);
    await chargeDelivery(db, await row(id), 10);
    await markAttemptStarted(db, await row(id), t0);
    expect(await balance(account.accountId)).toBe(90);

    expect(await giveUpDelivery(db, { deliveryId: id }, "the worker failed after 51 tries.", t0)).toBe(true);
    expect(await row(id)).toMatchObject({ status: "failed", reason: "worker_failed", attemptCount: 1, credits: 0, attemptStartedAt: null, completedAt: t0 });
    expect(await attempts(id)).toMatchObject([{ attemptNumber: 1, outcome: "final_error", error: "Aftercall could not complete this attempt: the worker failed after 51 tries." }]);
    expect(await balance(account.accountId)).toBe(100);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 100, balance: 100 });

    // Twice (a redelivered dead letter): nothing more.
    expect(await giveUpDelivery(db, { deliveryId: id }, "again")).toBe(false);
    expect(await balance(account.accountId)).toBe(100);
  });

  it("leaves alone a delivery that moved past the dead job's attempt, or finished", async () => {
    const { id } = await smsDelivery();
    const retry = attemptFailure("retryable", "provider_unavailable", "Twilio 503", { statusCode: 503 });
    await recordAttempt(db, await row(id), { startedAt: t0, now: t0, outcome: retry, retryAt: new Date(t0.getTime() + 5_000) });
    // The job for attempt 1 died after attempt 1 was recorded: attempt 2's job is the live one.
    expect(await giveUpDelivery(db, { deliveryId: id, attempt: 1 }, "stale")).toBe(false);
    expect((await row(id)).status).toBe("pending");
    expect(await giveUpDelivery(db, { deliveryId: id, attempt: 2 }, "dead")).toBe(true);
    expect(await row(id)).toMatchObject({ status: "failed", reason: "worker_failed", attemptCount: 2 });

    const sent = await smsDelivery();
    await recordAttempt(db, await row(sent.id), { startedAt: t0, now: t0, outcome: success, retryAt: null });
    expect(await giveUpDelivery(db, { deliveryId: sent.id, attempt: 2 }, "late")).toBe(false);
    expect((await row(sent.id)).status).toBe("sent");
  });
});
