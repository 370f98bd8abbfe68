import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { accounts, creditLedger, deliveries } from "@/db/schema";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { ledgerTotals } from "./charges";

afterAll(async () => {
  await stopBoss();
});

describe("credits under concurrency", () => {
  it("100 concurrent calls with credits for half their actions: exact ledger, never negative", async () => {
    // Each call has an SMS (10) and an email (20): 100 calls want 3,000 credits; the account has 1,500.
    const account = await createAccount({ credits: 1_500 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "agent@acme.test" },
    ]);
    const created = await Promise.all(Array.from({ length: 100 }, () => createCall(account, actions)));
    const ids = created.flatMap((c) => c.deliveryIds);

    // Watch the balance while the deliveries run: it must never dip below zero.
    let lowest = Infinity;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const [row] = await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, account.accountId));
        lowest = Math.min(lowest, row!.b);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();

    // Every delivery is run twice at once (as a crash-recovered duplicate job would), 20 at a time.
    const runs = ids.flatMap((id) => [id, id]).sort(() => Math.random() - 0.5);
    const queue = [...runs];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) await deliver({ deliveryId: id });
      }),
    );
    watching = false;
    await watcher;

    const rows = await db.select().from(deliveries).where(eq(deliveries.accountId, account.accountId));
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status === "sent" || (r.status === "skipped" && r.reason === "insufficient_credits"))).toBe(true);
    const sent = rows.filter((r) => r.status === "sent");
    const skipped = rows.filter((r) => r.status === "skipped");
    expect(skipped.length).toBeGreaterThan(0);

    const charges = await db.execute<{ delivery_id: string; n: number; amount: number }>(sql`
      select delivery_id, count(*)::int as n, sum(amount)::int as amount from credit_ledger
       where account_id = ${account.accountId} and kind = 'charge' group by delivery_id`);
    expect(charges.every((c) => c.n === 1)).toBe(true);
    expect(new Set(charges.map((c) => c.delivery_id))).toEqual(new Set(sent.map((s) => s.id)));
    const spent = sent.reduce((sum, r) => sum + r.credits, 0);
    expect(spent).toBe(-charges.reduce((sum, c) => sum + c.amount, 0));
    expect(sent.every((r) => r.credits === (r.channel === "sms" ? 10 : 20))).toBe(true);
    expect(skipped.every((r) => r.credits === 0)).toBe(true);

    const { ledger, balance } = await ledgerTotals(db, account.accountId);
    expect(balance).toBe(1_500 - spent);
    expect(ledger).toBe(balance);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(lowest).toBeGreaterThanOrEqual(0);
    // Nothing was skipped that the final balance could have paid for (balances only go down here).
    const cheapestSkipped = Math.min(...skipped.map((r) => (r.channel === "sms" ? 10 : 20)));
    expect(balance).toBeLessThan(cheapestSkipped);
    // Every ledger row's balance_after is a real balance the account passed through.
    const after = await db.select({ b: creditLedger.balanceAfter }).from(creditLedger).where(eq(creditLedger.accountId, account.accountId));
    expect(after.every((r) => r.b >= 0)).toBe(true);
  }, 60_000);
});
