import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { grantCredits } from "@/db/queries/credits";
import { accounts, auditLog, creditLedger, memberships } from "@/db/schema";
import { makeUser } from "@/tests/two-accounts";

const run = promisify(execFile);

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/credits.ts", ...args], {
      env: process.env,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run credits -- grant", () => {
  it("writes the grant, the balance and an audit entry together", async () => {
    const owner = await makeUser("grant-owner@example.test");
    const accountId = await createAccountForUser(db, { userId: owner.id, name: "Grantee", credits: 500 });
    const out = await cli(
      "grant",
      "--email",
      "Grant-Owner@example.test",
      "--amount",
      "2500",
      "--note",
      "Top-up, invoice 1042",
    );
    expect(out.stderr).not.toMatch(/error/i);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("Balance: 3,000");
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account!.creditBalance).toBe(3000);
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.accountId, accountId));
    expect(ledger.map((l) => [l.kind, l.amount, l.balanceAfter, l.note])).toEqual([
      ["grant", 500, 500, "Sign-up credits"],
      ["grant", 2500, 3000, "Top-up, invoice 1042"],
    ]);
    const log = await db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
    expect(log.map((l) => [l.action, l.actorLabel, l.target])).toEqual([
      ["credits.granted", "operator", "2500 credits"],
    ]);
  }, 90_000);

  it("refuses bad input with a precise message and changes nothing", async () => {
    const owner = await makeUser("grant-bad@example.test");
    const accountId = await createAccountForUser(db, { userId: owner.id, name: "Bad", credits: 100 });
    const noNote = await cli("grant", "--email", owner.email, "--amount", "10");
    expect(noNote.code).toBe(2);
    expect(noNote.stderr).toContain("--note are required");
    const negative = await cli("grant", "--email", owner.email, "--amount", "-5", "--note", "x");
    expect(negative.code).not.toBe(0);
    const unknown = await cli("grant", "--email", "nobody@example.test", "--amount", "10", "--note", "x");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No account is owned by nobody@example.test");
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account!.creditBalance).toBe(100);
    expect(await db.select().from(auditLog).where(eq(auditLog.accountId, accountId))).toEqual([]);
  }, 90_000);

  it("asks which account when the owner has several, and grants to the one named", async () => {
    const owner = await makeUser("multi@example.test");
    const first = await createAccountForUser(db, { userId: owner.id, name: "First", credits: 0 });
    const second = await createAccountForUser(db, { userId: owner.id, name: "Second", credits: 0 });
    await expect(grantCredits(db, { email: owner.email, amount: 5, note: "x" })).rejects.toThrow(
      /owns 2 accounts; pick one with --account/,
    );
    await grantCredits(db, { email: owner.email, amount: 5, note: "x", accountId: second });
    const rows = await db.select().from(accounts).where(eq(accounts.id, first));
    expect(rows[0]!.creditBalance).toBe(0);
    const [s] = await db.select().from(accounts).where(eq(accounts.id, second));
    expect(s!.creditBalance).toBe(5);
    // A developer of an account is not its owner: no grant through them.
    const dev = await makeUser("dev@example.test");
    await db.insert(memberships).values({ userId: dev.id, accountId: first, role: "developer" });
    await expect(grantCredits(db, { email: dev.email, amount: 5, note: "x" })).rejects.toThrow(
      /No account is owned/,
    );
  });
});
