import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import * as accountsQ from "./accounts";
import * as auditQ from "./audit-log";
import * as creditsQ from "./credits";
import * as overviewQ from "./overview";
import * as teamQ from "./team";
import { accountWithActivity } from "@/tests/two-accounts";

type Fixture = Awaited<ReturnType<typeof accountWithActivity>>;
let a: Fixture;
let b: Fixture;
const TZ = "Australia/Sydney";

beforeAll(async () => {
  a = await accountWithActivity("a");
  b = await accountWithActivity("b");
});

/**
 * Every read in db/queries takes an account id; for each, the rows for account A must be A's only.
 * The names here are checked against the modules' exports below, so a new query cannot skip this.
 */
const checks: Record<string, () => Promise<void>> = {
  "overview.overviewFigures": async () => {
    const f = await overviewQ.overviewFigures(db, a.accountId, TZ);
    expect(f.callsThisWeek).toBeLessThanOrEqual(3);
    expect(f.sentThisWeek).toEqual({ sms: 1, email: 1, webhook: 0 });
    expect(f.creditsUsedThisWeek).toBe(30);
    expect(f.balance).toBe(970);
    const failed = f.attention.filter((x) => x.kind === "failed_delivery");
    expect(failed.map((x) => x.id)).toEqual([a.deliveryIds[2]]);
    const disabled = f.attention.filter((x) => x.kind === "disabled_endpoint");
    expect(disabled.map((x) => x.id)).toEqual([a.actionId]);
    const skipped = f.attention.find((x) => x.kind === "skipped_for_credits");
    expect(skipped).toMatchObject({ count: 1, latestCallId: a.callIds[2] });
    expect(f.attention.some((x) => x.kind === "low_balance")).toBe(true);
  },
  "overview.callsPerDay": async () => {
    const days = await overviewQ.callsPerDay(db, a.accountId, TZ, 14);
    expect(days.reduce((s, d) => s + d.calls, 0)).toBe(3);
  },
  "overview.localDays": async () => {
    expect(overviewQ.localDays("UTC", 3, new Date("2026-03-01T10:00:00Z"))).toEqual([
      "2026-02-27",
      "2026-02-28",
      "2026-03-01",
    ]);
  },
  "credits.creditUsageByDay": async () => {
    const days = await creditsQ.creditUsageByDay(db, a.accountId, TZ, 30);
    expect(days).toHaveLength(30);
    const total = days.reduce(
      (s, d) => ({ sms: s.sms + d.sms, email: s.email + d.email, webhook: s.webhook + d.webhook }),
      { sms: 0, email: 0, webhook: 0 },
    );
    expect(total).toEqual({ sms: 10, email: 20, webhook: 0 });
  },
  "credits.ledgerPage": async () => {
    const page = await creditsQ.ledgerPage(db, a.accountId, { limit: 100 });
    expect(page.rows.length).toBe(5);
    expect(page.rows.every((r) => r.note === "a ledger" || r.note === "Sign-up credits")).toBe(true);
    expect(page.rows.filter((r) => r.callId).every((r) => a.callIds.includes(r.callId!))).toBe(true);
  },
  "credits.allLedgerRows": async () => {
    const rows = [];
    for await (const r of creditsQ.allLedgerRows(db, a.accountId)) rows.push(r);
    expect(rows.map((r) => r.note).sort()).toEqual([
      "Sign-up credits",
      "a ledger",
      "a ledger",
      "a ledger",
      "a ledger",
    ]);
  },
  "credits.creditSummary": async () => {
    expect((await creditsQ.creditSummary(db, a.accountId))?.balance).toBe(970);
  },
  "team.listMembers": async () => {
    expect((await teamQ.listMembers(db, a.accountId)).map((m) => m.email)).toEqual(["owner-a@example.test"]);
  },
  "team.listPendingInvitations": async () => {
    expect((await teamQ.listPendingInvitations(db, a.accountId)).map((i) => i.email)).toEqual([
      "invitee-a@example.test",
    ]);
  },
  "audit-log.auditLogPage": async () => {
    const page = await auditQ.auditLogPage(db, a.accountId);
    expect(page.rows.map((r) => r.action)).toEqual(["test.a"]);
    expect((await auditQ.auditLogPage(db, a.accountId, { action: "test.b" })).rows).toEqual([]);
  },
  "audit-log.auditActions": async () => {
    expect(await auditQ.auditActions(db, a.accountId)).toEqual(["test.a"]);
  },
  "accounts.getAccount": async () => {
    expect((await accountsQ.getAccount(db, a.accountId))?.name).toBe("Account a");
  },
  "accounts.roleOf": async () => {
    expect(await accountsQ.roleOf(db, a.owner.id, a.accountId)).toBe("owner");
    expect(await accountsQ.roleOf(db, a.owner.id, b.accountId)).toBeNull();
  },
  "accounts.membershipsOf": async () => {
    expect((await accountsQ.membershipsOf(db, a.owner.id)).map((m) => m.accountId)).toEqual([a.accountId]);
  },
  "accounts.ownerEmails": async () => {
    expect(await accountsQ.ownerEmails(db, a.accountId)).toEqual([a.owner.email]);
  },
};

/**
 * Functions that are not account-scoped reads: writes (tested in their own files, each refusing
 * members of other accounts), lookups by a secret token, and per-user helpers.
 */
const NOT_READS = new Set([
  "accounts.createAccountForUser",
  "accounts.updateAccountSettings",
  "accounts.auditSignIn",
  // The command line's lookup of an account by its owner's email (npm run credits, simulate).
  "accounts.ownedAccount",
  "signup.ensureAccountFor",
  "credits.setLowBalanceThreshold",
  "credits.grantCredits",
  "team.createInvitation",
  "team.revokeInvitation",
  "team.findInvitation",
  "team.invitationProblem",
  "team.acceptInvitation",
  "team.changeRole",
  "team.removeMember",
  "team.hasOpenInvitation",
]);

const MODULES: Record<string, Record<string, unknown>> = {
  accounts: accountsQ,
  "audit-log": auditQ,
  credits: creditsQ,
  overview: overviewQ,
  team: teamQ,
  signup: await import("./signup"),
};

describe("every query in db/queries is scoped to one account", () => {
  it("covers every exported function of every module in db/queries", () => {
    const files = readdirSync(path.dirname(new URL(import.meta.url).pathname)).filter(
      (f) => f.endsWith(".ts") && !f.includes(".test."),
    );
    const modules = files.map((f) => f.replace(/\.ts$/, ""));
    // The modules the account pages own; modules from other features carry their own scoping tests.
    for (const m of Object.keys(MODULES)) expect(modules).toContain(m);
    const exported = Object.entries(MODULES).flatMap(([m, mod]) =>
      Object.entries(mod)
        .filter(([, v]) => typeof v === "function")
        .map(([name]) => `${m}.${name}`),
    );
    const uncovered = exported.filter((name) => !(name in checks) && !NOT_READS.has(name));
    expect(uncovered).toEqual([]);
  });

  for (const [name, check] of Object.entries(checks)) {
    it(`${name} returns only the account's own rows`, check);
  }

  it("account B's view is the mirror image", async () => {
    const f = await overviewQ.overviewFigures(db, b.accountId, TZ);
    expect(f.attention.filter((x) => x.kind === "failed_delivery").map((x) => x.id)).toEqual([
      b.deliveryIds[2],
    ]);
    expect(await auditQ.auditActions(db, b.accountId)).toEqual(["test.b"]);
    expect((await teamQ.listMembers(db, b.accountId)).map((m) => m.email)).toEqual(["owner-b@example.test"]);
  });
});

describe("keyset pagination", () => {
  it("walks the ledger newest first without skipping or repeating, and ignores another account's cursor", async () => {
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof creditsQ.ledgerPage>> = await creditsQ.ledgerPage(
        db,
        a.accountId,
        { before, limit: 2 },
      );
      seen.push(...page.rows.map((r) => r.id));
      before = page.nextBefore;
    } while (before);
    const all = (await creditsQ.ledgerPage(db, a.accountId, { limit: 100 })).rows.map((r) => r.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(5);
    const bFirst = (await creditsQ.ledgerPage(db, b.accountId, { limit: 1 })).rows[0]!.id;
    expect((await creditsQ.ledgerPage(db, a.accountId, { before: bFirst })).rows).toEqual([]);
  });
});
