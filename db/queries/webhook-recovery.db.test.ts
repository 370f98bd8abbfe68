import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { auditLog, deliveries, deliveryAttempts, postCallActions } from "@/db/schema";
import { attemptFailure } from "@/lib/delivery/attempt-outcome";
import { recoverWebhooks } from "@/lib/delivery/recovery";
import { RECOVER_RATE_LIMIT } from "@/lib/delivery/recovery-input";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { recordAttempt, type Delivery } from "./delivery-lifecycle";
import { recoverFailedWebhooks, recoveryProgress } from "./webhook-recovery";

/**
 * "Resend everything that failed since …" against the database: which deliveries it picks, that it
 * queues each once with its webhook-id, its bound and its rate limit. Deliveries fail through the real
 * lifecycle (recordAttempt), so their state is what the worker leaves.
 */
afterAll(async () => {
  await stopBoss();
});
beforeEach(async () => {
  await db.execute(sql`delete from rate_limits`);
});

const actor = { userId: null, label: "dev@example.com" };
const HOOK = "https://hooks.example.com/aftercall";
const OTHER = "https://other.example.com/in";
const row = async (id: string) => (await db.select().from(deliveries).where(eq(deliveries.id, id)))[0]! as Delivery;
const jobs = (id: string) =>
  db.execute<{ attempt: number | null }>(sql`select (data->>'attempt')::int as attempt from pgboss.job where name = 'delivery' and singleton_key = ${id} order by created_on`);

/** A webhook delivery per call to each action, failed for good at `failedAt` (one attempt, HTTP 500). */
async function failedDeliveries(account: { accountId: string; agentNumber: string }, actions: { id: string; channel: "webhook"; destination: string }[], failedAt: Date, calls = 1) {
  const ids: string[] = [];
  for (let i = 0; i < calls; i++) {
    const { deliveryIds } = await createCall(account, actions);
    for (const id of deliveryIds) {
      const outcome = attemptFailure("retryable", "http_error", "HTTP 500", { statusCode: 500, latencyMs: 40 });
      await recordAttempt(db, await row(id), { startedAt: failedAt, now: failedAt, outcome, retryAt: null, failReason: "retries_exhausted" });
      ids.push(id);
    }
  }
  return ids;
}

async function setup() {
  const account = await createAccount();
  const actions = (await createActions(account.accountId, [
    { channel: "webhook", destination: HOOK },
    { channel: "webhook", destination: OTHER },
  ])) as { id: string; channel: "webhook"; destination: string }[];
  return { account, actions, hook: actions[0]!, other: actions[1]! };
}

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3600_000);

describe("recovering failed webhooks", () => {
  it("queues only this endpoint's and account's deliveries that failed since `since`, each with its webhook-id", async () => {
    const { account, hook, other } = await setup();
    const before = await failedDeliveries(account, [hook], hoursAgo(30));
    const wanted = await failedDeliveries(account, [hook], hoursAgo(2), 3);
    const otherEndpoint = await failedDeliveries(account, [other], hoursAgo(2));
    const stranger = await setup();
    const otherAccount = await failedDeliveries(stranger.account, [stranger.hook], hoursAgo(2));
    // A delivery that succeeded is not resent.
    const { deliveryIds: [sent] } = await createCall(account, [hook]);
    await recordAttempt(db, await row(sent!), {
      startedAt: hoursAgo(1),
      now: hoursAgo(1),
      outcome: { outcome: "success", via: "http", providerMessageId: null, statusCode: 200, latencyMs: 20, responseBody: "ok" },
      retryAt: null,
    });
    const webhookIds = Object.fromEntries(await Promise.all(wanted.map(async (id) => [id, (await row(id)).messageId])));

    const result = await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 1000 });
    expect(result).toMatchObject({ queued: 3, more: false, to: HOOK });

    for (const id of wanted) {
      expect(await row(id)).toMatchObject({ status: "pending", reason: null, attemptCount: 1, messageId: webhookIds[id] });
      expect((await jobs(id)).map((j) => j.attempt)).toEqual([null, 2]);
    }
    for (const id of [...before, ...otherEndpoint, ...otherAccount]) expect((await row(id)).status).toBe("failed");
    expect((await row(sent!)).status).toBe("sent");

    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.accountId, account.accountId), eq(auditLog.action, "webhook_deliveries.recovered")));
    expect(entry).toMatchObject({ actorLabel: actor.label, target: HOOK, meta: { recoveryId: result.id, queued: 3, more: false } });
    expect(await recoveryProgress(db, account.accountId, result.id)).toMatchObject({ total: 3, queued: 3, delivered: 0, stillFailing: 0 });
    expect(await recoveryProgress(db, stranger.account.accountId, result.id)).toBeNull();
  });

  it("without `to`, every endpoint; deliveries skipped while the endpoint was disabled count; a disabled endpoint is refused", async () => {
    const { account, hook, other } = await setup();
    const failed = await failedDeliveries(account, [hook, other], hoursAgo(3));
    const { deliveryIds: [skipped] } = await createCall(account, [hook]);
    await db.update(deliveries).set({ status: "skipped", reason: "endpoint_disabled", completedAt: hoursAgo(2) }).where(eq(deliveries.id, skipped!));

    await db.update(postCallActions).set({ disabledReason: "gone", disabledAt: hoursAgo(1) }).where(eq(postCallActions.id, hook.id));
    await expect(recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 1000 })).rejects.toMatchObject({ status: 409 });
    // All endpoints: the disabled one's deliveries wait for it to be re-enabled.
    expect(await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: null }, actor, { limit: 1000 })).toMatchObject({ queued: 1 });
    expect((await row(failed[1]!)).status).toBe("pending");

    await db.update(postCallActions).set({ disabledReason: null, disabledAt: null }).where(eq(postCallActions.id, hook.id));
    expect(await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: null }, actor, { limit: 1000 })).toMatchObject({ queued: 2 });
    expect((await row(skipped!)).status).toBe("pending");
    await expect(recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: "https://never.example.com/" }, actor, { limit: 1000 })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("is bounded: at most `limit` per request, oldest first, says more remain, and the next request continues", async () => {
    const { account, hook } = await setup();
    const oldest = await failedDeliveries(account, [hook], hoursAgo(5), 2);
    const newer = await failedDeliveries(account, [hook], hoursAgo(4), 3);
    const first = await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 3 });
    expect(first).toMatchObject({ queued: 3, more: true });
    for (const id of oldest) expect((await row(id)).status).toBe("pending");
    const second = await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 3 });
    expect(second).toMatchObject({ queued: 2, more: false });
    for (const id of newer) expect((await row(id)).status).toBe("pending");
  });

  it("never queues a delivery twice: one already pending is left alone, concurrent requests split the work", async () => {
    const { account, hook } = await setup();
    const ids = await failedDeliveries(account, [hook], hoursAgo(2), 6);
    const [a, b] = await Promise.all([
      recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 1000 }),
      recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 1000 }),
    ]);
    expect(a.queued + b.queued).toBe(6);
    for (const id of ids) expect((await jobs(id)).map((j) => j.attempt)).toEqual([null, 2]);
    expect(await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 1000 })).toMatchObject({ queued: 0, more: false });
  });

  it("progress follows the deliveries: delivered, still failing, queued", async () => {
    const { account, hook } = await setup();
    const ids = await failedDeliveries(account, [hook], hoursAgo(2), 3);
    const { id } = await recoverFailedWebhooks(db, account.accountId, { since: hoursAgo(24), to: HOOK }, actor, { limit: 1000 });
    const t = new Date();
    await recordAttempt(db, await row(ids[0]!), { startedAt: t, now: t, outcome: { outcome: "success", via: "http", providerMessageId: null, statusCode: 200, latencyMs: 9, responseBody: null }, retryAt: null });
    await recordAttempt(db, await row(ids[1]!), { startedAt: t, now: t, outcome: attemptFailure("final", "http_error", "HTTP 400", { statusCode: 400 }), retryAt: null });
    expect(await recoveryProgress(db, account.accountId, id)).toMatchObject({ total: 3, queued: 1, delivered: 1, stillFailing: 1 });
    const [attempt] = await db.select().from(deliveryAttempts).where(and(eq(deliveryAttempts.deliveryId, ids[0]!), eq(deliveryAttempts.attemptNumber, 2)));
    expect(attempt).toMatchObject({ outcome: "success", actionId: hook.id });
  });
});

describe("the recovery request (input and rate limit)", () => {
  it("refuses a since that is not ISO, in the future or past the window, naming the field", async () => {
    const { account } = await setup();
    for (const since of ["yesterday", new Date(now + 3600_000).toISOString(), new Date(now - 31 * 86400_000).toISOString()]) {
      await expect(recoverWebhooks(db, account.accountId, { since }, actor)).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["since"] })] });
    }
  });

  it(`allows ${RECOVER_RATE_LIMIT.limit} requests per window per account, then 429 with retry-after`, async () => {
    const { account, hook } = await setup();
    const other = await setup();
    await failedDeliveries(account, [hook], hoursAgo(2));
    for (let i = 0; i < RECOVER_RATE_LIMIT.limit; i++) await recoverWebhooks(db, account.accountId, { since: hoursAgo(24).toISOString() }, actor);
    const refused = await recoverWebhooks(db, account.accountId, { since: hoursAgo(24).toISOString() }, actor).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, headers: { "retry-after": expect.stringMatching(/^\d+$/) } });
    // Another account has its own counter.
    await expect(recoverWebhooks(db, other.account.accountId, { since: hoursAgo(24).toISOString() }, actor)).resolves.toMatchObject({ queued: 0 });
  });
});
