import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { accounts, agentNumbers, calls } from "@/db/schema";
import { DEMO, seedDemo } from "./seed";

describe("seedDemo", () => {
  it("creates the demo account once, with its agent number, credits and sample calls", async () => {
    const first = await seedDemo(db);
    const second = await seedDemo(db);
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, accountId: first.accountId });

    const [account] = await db.select().from(accounts).where(eq(accounts.id, first.accountId));
    expect(account).toMatchObject({ name: "Demo Realty", creditBalance: 10_000 });
    const [num] = await db.select().from(agentNumbers).where(eq(agentNumbers.accountId, first.accountId));
    expect(num!.e164).toBe(DEMO.agentNumber);
    const [{ n }] = (await db.select({ n: count() }).from(calls).where(eq(calls.accountId, first.accountId))) as [{ n: number }];
    expect(n).toBe(DEMO.sampleCalls);
  });
});
