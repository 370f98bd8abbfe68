import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { eq } from "drizzle-orm";
import { calls, contacts, postCallActions } from "@/db/schema";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { makeAccount } from "@/tests/ingest-fixtures";
import { callDeliveries, getCall, listCalls } from "./calls";

let accountId: string;
let otherId: string;
const TZ = "Australia/Sydney";

async function call(id: string, account: string, o: Partial<typeof calls.$inferInsert> & { endedAt: Date }) {
  await db.insert(calls).values({
    id,
    accountId: account,
    eventId: `evt_${id}`,
    externalId: id,
    agentNumber: "+61290003333",
    direction: "inbound",
    status: "completed",
    fromNumber: o.callerNumber ?? "anonymous",
    toNumber: "+61290003333",
    startedAt: new Date(o.endedAt.getTime() - 60_000),
    durationSeconds: 60,
    ...o,
  });
}

beforeAll(async () => {
  ({ accountId } = await makeAccount(db, "+61290003333"));
  ({ accountId: otherId } = await makeAccount(db, "+61290004444"));
  await db.insert(contacts).values([
    { id: "ct_saved", accountId, phone: "+61412345678", name: "Priya Sharma", saved: true },
    { id: "ct_unsaved", accountId, phone: "+61423456789", name: "Heard Only", saved: false },
  ]);
  // 2026-11-24 23:30 UTC is 25 Nov 10:30 in Sydney.
  await call("call_a", accountId, { endedAt: new Date("2026-11-24T23:30:00Z"), callerNumber: "+61412345678", contactId: "ct_saved" });
  await call("call_b", accountId, { endedAt: new Date("2026-11-24T12:00:00Z"), callerNumber: "+61423456789", contactId: "ct_unsaved", contactNameHeard: "Oliver Nguyen", status: "busy" });
  await call("call_c", accountId, { endedAt: new Date("2026-11-20T01:00:00Z"), callerNumber: null });
  await call("call_d", accountId, { endedAt: new Date("2026-11-24T12:00:00Z"), callerNumber: "+61298765432" });
  await call("call_x", otherId, { endedAt: new Date("2026-11-25T00:00:00Z"), callerNumber: "+61412345678" });
});

const ids = (r: { rows: { id: string }[] }) => r.rows.map((x) => x.id);

describe("listCalls", () => {
  it("lists one account's calls by ended_at desc, id desc, and pages by keyset", async () => {
    expect(ids(await listCalls(db, accountId))).toEqual(["call_a", "call_d", "call_b", "call_c"]);
    const first = await listCalls(db, accountId, { limit: 2 });
    expect(ids(first)).toEqual(["call_a", "call_d"]);
    const second = await listCalls(db, accountId, { limit: 2, cursor: first.nextCursor });
    expect(ids(second)).toEqual(["call_b", "call_c"]);
    expect(second.nextCursor).toBeNull();
  });

  it("names callers by the contact-name rule: saved contact, else the name heard, else none", async () => {
    const { rows } = await listCalls(db, accountId);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r.contact]));
    expect(byId.call_a).toEqual({ name: "Priya Sharma", saved: true });
    expect(byId.call_b).toEqual({ name: "Oliver Nguyen", saved: false });
    expect(byId.call_d).toEqual({ name: null, saved: false });
  });

  it("filters by status, by days in the account's time zone, and searches number or name", async () => {
    expect(ids(await listCalls(db, accountId, { status: "busy" }))).toEqual(["call_b"]);
    expect(ids(await listCalls(db, accountId, { from: "2026-11-25", to: "2026-11-25", timeZone: TZ }))).toEqual(["call_a"]);
    expect(ids(await listCalls(db, accountId, { from: "2026-11-24", to: "2026-11-24", timeZone: "UTC" }))).toEqual(["call_a", "call_d", "call_b"]);
    expect(ids(await listCalls(db, accountId, { q: "priya" }))).toEqual(["call_a"]);
    expect(ids(await listCalls(db, accountId, { q: "oliver" }))).toEqual(["call_b"]);
    expect(ids(await listCalls(db, accountId, { q: "Heard Only" }))).toEqual([]); // an unsaved name does not name a caller
    expect(ids(await listCalls(db, accountId, { q: "0412 345 678" }))).toEqual(["call_a"]);
    expect(ids(await listCalls(db, accountId, { q: "98765" }))).toEqual(["call_d"]);
    expect(ids(await listCalls(db, accountId, { q: "50%_" }))).toEqual([]);
  });

  it("getCall returns null for another account's call", async () => {
    expect(await getCall(db, accountId, "call_x")).toBeNull();
    expect((await getCall(db, otherId, "call_x"))?.call.id).toBe("call_x");
  });
});

describe("callDeliveries", () => {
  it("lists a call's actions in their configured order, not by their random ids", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400000001" },
      { channel: "email", destination: "a@example.com" },
      { channel: "webhook", destination: "https://hooks.example.com/a" },
      { channel: "sms", destination: "+61400000002" },
    ]);
    const { callId } = await createCall(account, actions);
    // Reverse the configured order (through free slots: positions are unique per account).
    for (const [i, a] of actions.entries()) await db.update(postCallActions).set({ position: 9 - i }).where(eq(postCallActions.id, a.id));
    const listed = await callDeliveries(db, account.accountId, callId);
    expect(listed.map((d) => d.actionId)).toEqual(actions.map((a) => a.id).reverse());
    // A deleted action's delivery stays, last.
    await db.delete(postCallActions).where(eq(postCallActions.id, actions[3]!.id));
    expect((await callDeliveries(db, account.accountId, callId)).map((d) => d.destination)).toEqual([
      "https://hooks.example.com/a",
      "a@example.com",
      "+61400000001",
      "+61400000002",
    ]);
  });
});
