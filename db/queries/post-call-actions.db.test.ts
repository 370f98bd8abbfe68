import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { actionListSchema, type ActionData } from "@/lib/post-call-actions/schema";
import { db } from "@/db";
import { accounts, auditLog, calls, deliveries, postCallActions, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { createAccountForUser } from "./accounts";
import { callVolume, listActions, replaceActions, STALE_MESSAGE } from "./post-call-actions";

const actor = { userId: null, label: "test" };
const opts = { defaultCountry: "AU", allowPrivateNetworks: false };
const parse = (actions: unknown[]) => actionListSchema(opts).parse({ actions }).actions;

async function newAccount() {
  const [user] = await db.insert(users).values({ email: `${newId("u")}@example.com` }).returning();
  return createAccountForUser(db, { userId: user!.id, name: "Acme", credits: 1000 });
}

const webhook = (n: number) => ({ channel: "webhook", to: `https://hooks.example.com/${n}` });

let accountId: string;
beforeEach(async () => {
  accountId = await newAccount();
});

describe("replaceActions / listActions", () => {
  it("stores the list, returns it in order with ids, and bumps the version", async () => {
    const saved = await replaceActions(db, accountId, {
      actions: parse([
        { channel: "sms", to: "0412 345 678" },
        { channel: "email", to: "ops@example.com", enabled: false, conditions: { statuses: ["no-answer", "completed"], min_duration_seconds: 15 } },
        webhook(1),
      ]),
      expectedVersion: 0,
      actor,
    });
    expect(saved.version).toBe(1);
    expect(saved.actions.map(({ id: _id, ...a }) => a)).toEqual([
      { channel: "sms", to: "+61412345678", enabled: true, conditions: { statuses: ["completed"], min_duration_seconds: 0 }, template: null, headers: [], disabled_reason: null },
      { channel: "email", to: "ops@example.com", enabled: false, conditions: { statuses: ["completed", "no-answer"], min_duration_seconds: 15 }, template: null, headers: [], disabled_reason: null },
      { channel: "webhook", to: "https://hooks.example.com/1", enabled: true, conditions: { statuses: ["completed"], min_duration_seconds: 0 }, template: null, headers: [], disabled_reason: null },
    ]);
    expect(saved.actions.every((a) => a.id.startsWith("act_"))).toBe(true);
    expect(await listActions(db, accountId)).toEqual(saved);

    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "post_call_actions.replaced"));
    expect(entry).toMatchObject({ accountId, actorLabel: "test", meta: { added: 3, removed: 0, changed: 0, version: 1 } });
  });

  it("updates kept actions in place, deletes the missing ones and keeps delivery history linked", async () => {
    const first = await replaceActions(db, accountId, { actions: parse([webhook(1), webhook(2), webhook(3)]), actor });
    const [a, b, c] = first.actions;
    await db.insert(deliveries).values({ id: newId("dlv"), accountId, actionId: a!.id, channel: "webhook", destination: a!.to, messageId: newId("msg"), test: true });

    const second = await replaceActions(db, accountId, {
      actions: parse([{ ...webhook(1), id: a!.id, enabled: false }, { id: c!.id, channel: "email", to: "x@example.com" }, webhook(4)]),
      expectedVersion: first.version,
      actor,
    });
    expect(second.actions.map((x) => x.id).slice(0, 2)).toEqual([a!.id, c!.id]);
    expect(second.actions.map((x) => [x.channel, x.to, x.enabled])).toEqual([
      ["webhook", "https://hooks.example.com/1", false],
      ["email", "x@example.com", true],
      ["webhook", "https://hooks.example.com/4", true],
    ]);
    expect(second.actions.some((x) => x.id === b!.id)).toBe(false);
    const [dlv] = await db.select().from(deliveries).where(eq(deliveries.accountId, accountId));
    expect(dlv!.actionId).toBe(a!.id);
    // The new action took the freed slot: the database's 0–9 slots are never exceeded.
    const positions = (await db.select().from(postCallActions).where(eq(postCallActions.accountId, accountId))).map((r) => r.position).sort();
    expect(positions).toEqual([0, 1, 2]);
  });

  it("treats an id from another account as a new action and never touches that account", async () => {
    const other = await newAccount();
    const theirs = await replaceActions(db, other, { actions: parse([webhook(9)]), actor });
    await replaceActions(db, accountId, { actions: parse([{ ...webhook(1), id: theirs.actions[0]!.id }]), actor });
    expect((await listActions(db, other)).actions).toEqual(theirs.actions);
    const mine = await listActions(db, accountId);
    expect(mine.actions[0]!.id).not.toBe(theirs.actions[0]!.id);
    expect(mine.actions[0]!.to).toBe("https://hooks.example.com/1");
  });

  it("refuses a stale version with a message and changes nothing", async () => {
    await replaceActions(db, accountId, { actions: parse([webhook(1)]), expectedVersion: 0, actor });
    const before = await listActions(db, accountId);
    const stale = replaceActions(db, accountId, { actions: parse([webhook(2)]), expectedVersion: 0, actor });
    await expect(stale).rejects.toThrow(STALE_MESSAGE);
    await expect(stale).rejects.toMatchObject({ status: 409 });
    expect(await listActions(db, accountId)).toEqual(before);
  });

  it("lets only one of two tabs racing to add the 11th action win; the account never holds more than 10", async () => {
    const nine = Array.from({ length: 9 }, (_, i) => webhook(i));
    const base = await replaceActions(db, accountId, { actions: parse(nine), actor });
    const keep = base.actions.map((a) => ({ id: a.id, channel: a.channel, to: a.to }));
    const tabA = parse([...keep, webhook(100)]);
    const tabB = parse([...keep, webhook(200)]);
    const results = await Promise.allSettled([
      replaceActions(db, accountId, { actions: tabA, expectedVersion: base.version, actor }),
      replaceActions(db, accountId, { actions: tabB, expectedVersion: base.version, actor }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect(refused.reason.message).toBe(STALE_MESSAGE);
    const after = await listActions(db, accountId);
    expect(after.actions).toHaveLength(10);
    expect(after.version).toBe(base.version + 1);
  });

  it("refuses an 11th action: in code, and in the database itself", async () => {
    const ten = await replaceActions(db, accountId, { actions: parse(Array.from({ length: 10 }, (_, i) => webhook(i))), actor });
    const eleven = [...ten.actions, { channel: "webhook", to: "https://hooks.example.com/x", enabled: true, conditions: { statuses: ["completed"], min_duration_seconds: 0 } }] as ActionData[];
    await expect(replaceActions(db, accountId, { actions: eleven, actor })).rejects.toThrow(/at most 10 post-call actions/);
    // Even code that skipped every check could not store an 11th: the slots are 0–9 and unique.
    await expect(
      db.insert(postCallActions).values({ id: newId("act"), accountId, position: 10, channel: "webhook", destination: "https://x.example.com" }),
    ).rejects.toThrow();
    await expect(
      db.insert(postCallActions).values({ id: newId("act"), accountId, position: 3, channel: "webhook", destination: "https://x.example.com" }),
    ).rejects.toThrow();
    expect((await listActions(db, accountId)).actions).toHaveLength(10);
  });

  it("clears an endpoint's disabled reason when its URL changes", async () => {
    const saved = await replaceActions(db, accountId, { actions: parse([webhook(1)]), actor });
    const id = saved.actions[0]!.id;
    await db.update(postCallActions).set({ disabledReason: "gone", disabledAt: new Date() }).where(eq(postCallActions.id, id));
    expect((await listActions(db, accountId)).actions[0]!.disabled_reason).toBe("gone");
    await replaceActions(db, accountId, { actions: parse([{ ...webhook(2), id }]), actor });
    expect((await listActions(db, accountId)).actions[0]!.disabled_reason).toBeNull();
  });
});

describe("callVolume", () => {
  it("groups the last 30 days' calls of this account by status and duration", async () => {
    const other = await newAccount();
    const now = new Date("2026-11-25T00:00:00Z");
    const call = (acc: string, status: "completed" | "busy", duration: number, daysAgo: number) => {
      const endedAt = new Date(now.getTime() - daysAgo * 86400_000);
      return {
        id: newId("call"),
        accountId: acc,
        eventId: newId("evt"),
        externalId: newId("CA"),
        agentNumber: "+61290000000",
        direction: "inbound" as const,
        status,
        fromNumber: "+61412345678",
        toNumber: "+61290000000",
        startedAt: new Date(endedAt.getTime() - duration * 1000),
        endedAt,
        durationSeconds: duration,
      };
    };
    await db.insert(calls).values([
      call(accountId, "completed", 60, 1),
      call(accountId, "completed", 60, 2),
      call(accountId, "completed", 30, 29),
      call(accountId, "busy", 0, 3),
      call(accountId, "completed", 60, 31), // older than 30 days
      call(other, "completed", 60, 1), // another account's
    ]);
    expect(await callVolume(db, accountId, now)).toEqual({ completed: [[30, 1], [60, 2]], busy: [[0, 1]] });
    const [acc] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(acc!.creditBalance).toBe(1000);
  });
});
