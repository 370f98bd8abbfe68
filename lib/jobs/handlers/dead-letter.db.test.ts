import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { ledgerTotals } from "@/db/queries/charges";
import { accounts, deliveries, deliveryAttempts } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { startFakeProviders } from "@/tests/fakes/providers";
import { getBoss, stopBoss, type DeliveryJob } from "../queue";
import { startWorker } from "../worker";
import { handleDeadLetter } from "./dead-letter";

/**
 * No delivery stays pending forever: a delivery job that exhausts pg-boss's retries (a crash loop, a
 * poison payload) is moved to the dead letter queue, and its delivery ends `failed` and refunded.
 */
let providers: Awaited<ReturnType<typeof startFakeProviders>>;

beforeAll(async () => {
  providers = await startFakeProviders("deadletter");
});

afterAll(async () => {
  await stopBoss();
  await providers.close();
  resetEnvCache();
});

async function smsCall(credits = 100) {
  const account = await createAccount({ credits });
  const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
  const { deliveryIds } = await createCall(account, actions);
  return { account, id: deliveryIds[0]! };
}
const deliveryRow = async (id: string) => (await db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
const balance = async (accountId: string) => (await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId)))[0]!.b;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("dead-lettered delivery jobs", () => {
  it("a job failed with no retries left lands in the dead letter queue, and its delivery ends failed and refunded", async () => {
    const { account, id } = await smsCall();
    // Charged, as a first try would have done before crashing.
    await db.execute(sql`
      with a as (update accounts set credit_balance = credit_balance - 10 where id = ${account.accountId} returning credit_balance)
      insert into credit_ledger (account_id, kind, amount, balance_after, delivery_id, channel) select ${account.accountId}, 'charge', -10, credit_balance, ${id}, 'sms' from a`);
    await db.update(deliveries).set({ credits: 10 }).where(eq(deliveries.id, id));
    // Every retry spent: the next failure is the last.
    await db.execute(sql`update pgboss.job set retry_count = retry_limit where name = 'delivery' and singleton_key = ${id}`);

    const boss = await getBoss();
    const [job] = await boss.fetch<DeliveryJob>("delivery");
    expect(job!.data).toEqual({ deliveryId: id });
    await boss.fail("delivery", job!.id, { message: "Cannot read properties of undefined (reading 'text')" });

    const [dead] = await boss.fetch<DeliveryJob>("delivery_dead_letter", { includeMetadata: true });
    expect(dead).toMatchObject({ data: { deliveryId: id }, sourceName: "delivery", sourceId: job!.id });
    expect(await handleDeadLetter(dead!)).toBe("given_up");

    expect(await deliveryRow(id)).toMatchObject({ status: "failed", reason: "worker_failed", credits: 0, attemptCount: 1, nextAttemptAt: null });
    const [attempt] = await db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id));
    expect(attempt).toMatchObject({ attemptNumber: 1, outcome: "final_error" });
    expect(attempt!.error).toContain("Cannot read properties of undefined (reading 'text')");
    expect(await balance(account.accountId)).toBe(100);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 100, balance: 100 });

    // The same dead letter again (a redelivery) changes nothing; a payload naming no delivery is only logged.
    expect(await handleDeadLetter(dead!)).toBe("moved_on");
    expect(await handleDeadLetter({ data: { nope: true } })).toBe("unreadable");
    expect(await balance(account.accountId)).toBe(100);
  });

  it("end to end: a worker that throws on every try of a delivery ends it failed and refunded, and nothing is sent", async () => {
    const { account, id } = await smsCall();
    // A short retry budget for this one job, so the crash loop runs out in seconds, not hours.
    await db.execute(sql`update pgboss.job set retry_limit = 1, retry_delay = 0, retry_backoff = false where name = 'delivery' and singleton_key = ${id}`);
    const worker = await startWorker({
      inApp: false,
      slots: 1,
      deps: {
        now: () => {
          throw new Error("poison: this delivery always crashes its handler");
        },
      },
    });
    try {
      await waitUntil(async () => (await deliveryRow(id)).status !== "pending", 45_000, "the dead letter to end the delivery");
    } finally {
      await worker.stop({ timeoutMs: 5_000 });
    }
    expect(await deliveryRow(id)).toMatchObject({ status: "failed", reason: "worker_failed", credits: 0 });
    const attempts = await db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.attemptNumber));
    expect(attempts.map((a) => a.outcome)).toEqual(["final_error"]);
    expect(attempts[0]!.error).toMatch(/after 2 tries \(last error: poison: this delivery always crashes its handler\)/);
    expect(providers.twilio.messages).toHaveLength(0);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 100, balance: 100 });
  }, 60_000);
});
