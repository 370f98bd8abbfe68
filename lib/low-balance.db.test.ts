import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { accounts, outbox } from "@/db/schema";
import { addMember, makeUser } from "@/tests/two-accounts";
import { maybeAlertLowBalance } from "./low-balance";

async function setBalance(accountId: string, balance: number) {
  await db.update(accounts).set({ creditBalance: balance }).where(eq(accounts.id, accountId));
}

describe("maybeAlertLowBalance", () => {
  it("emails every owner once when the balance crosses below the threshold, and again after it recovers", async () => {
    const owner = await makeUser("lb-owner@example.test");
    const accountId = await createAccountForUser(db, { userId: owner.id, name: "Low Co", credits: 1000 });
    await addMember(accountId, "lb-owner2@example.test", "owner");
    await addMember(accountId, "lb-dev@example.test", "developer");
    await db.update(accounts).set({ lowBalanceThreshold: 500 }).where(eq(accounts.id, accountId));
    const alerts = () => db.select().from(outbox).where(eq(outbox.kind, "alert"));

    expect((await maybeAlertLowBalance(db, accountId)).alerted).toBe(false);
    await setBalance(accountId, 490);
    // Several charges racing each other: exactly one alert.
    const results = await Promise.all(Array.from({ length: 5 }, () => maybeAlertLowBalance(db, accountId)));
    expect(results.filter((r) => r.alerted)).toHaveLength(1);
    let sent = await alerts();
    expect(sent.map((m) => m.toAddress).sort()).toEqual(["lb-owner2@example.test", "lb-owner@example.test"]);
    expect(sent[0]!.subject).toContain("490");
    expect(sent[0]!.accountId).toBe(accountId);

    await setBalance(accountId, 300);
    expect((await maybeAlertLowBalance(db, accountId)).alerted).toBe(false);
    expect(await alerts()).toHaveLength(2);

    // Back above the threshold re-arms it; the next crossing alerts again.
    await setBalance(accountId, 600);
    expect((await maybeAlertLowBalance(db, accountId)).alerted).toBe(false);
    const [rearmed] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(rearmed!.lowBalanceAlertedAt).toBeNull();
    await setBalance(accountId, 100);
    expect((await maybeAlertLowBalance(db, accountId)).alerted).toBe(true);
    sent = await alerts();
    expect(sent).toHaveLength(4);
  });

  it("stays quiet with no threshold, or at exactly the threshold", async () => {
    const owner = await makeUser("lb-quiet@example.test");
    const accountId = await createAccountForUser(db, { userId: owner.id, name: "Quiet", credits: 0 });
    expect((await maybeAlertLowBalance(db, accountId)).alerted).toBe(false);
    await db.update(accounts).set({ lowBalanceThreshold: 0 }).where(eq(accounts.id, accountId));
    expect((await maybeAlertLowBalance(db, accountId)).alerted).toBe(false);
    const rows = await db.select().from(outbox).where(eq(outbox.accountId, accountId));
    expect(rows).toEqual([]);
  });
});
