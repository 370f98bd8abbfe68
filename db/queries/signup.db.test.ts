import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { accounts, creditLedger, memberships, users } from "@/db/schema";
import { ensureAccountFor } from "./signup";

describe("ensureAccountFor", () => {
  it("gives a new user one owned workspace with the sign-up credits, even when called concurrently", async () => {
    const [user] = await db.insert(users).values({ email: "new@acme.test" }).returning();
    await Promise.all(Array.from({ length: 5 }, () => ensureAccountFor(db, { id: user!.id, email: user!.email })));

    const rows = await db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe("owner");
    const [account] = await db.select().from(accounts).where(eq(accounts.id, rows[0]!.accountId));
    expect(account!.creditBalance).toBe(500);
    expect(account!.name).toBe("Acme workspace");
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.accountId, account!.id));
    expect(ledger.map((l) => [l.kind, l.amount, l.balanceAfter])).toEqual([["grant", 500, 500]]);
  });
});
