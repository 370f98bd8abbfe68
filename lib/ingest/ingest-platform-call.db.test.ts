import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { connectionForInbound, createConnection, type InboundConnection } from "@/db/queries/connections";
import { calls, connections, deliveries } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/db/audit";
import type { PlatformCall } from "@/lib/platforms/types";
import { createAccount, createActions } from "@/tests/factories";
import { ingestPlatformCall as ingestOrNull } from "./ingest-platform-call";
import { releaseCallActions, releaseDueCalls } from "./release-actions";

/**
 * Platform calls against real PostgreSQL: one call per (connection, platform call id), the actions of
 * a two-part event (Retell's call_ended, then call_analyzed) run once whichever way it goes, and a
 * later event updates the call without erasing what it had.
 */
let connection: InboundConnection;
let accountId: string;

beforeAll(async () => {
  const account = await createAccount();
  accountId = account.accountId;
  await createActions(accountId, [
    { channel: "sms", destination: "+61400000001" },
    { channel: "email", destination: "a@test.dev" },
    { channel: "webhook", destination: "https://example.com/h" },
  ]);
  const created = await createConnection(db, accountId, { platform: "retell", name: "Sales line", secret: "key_test" }, SYSTEM_ACTOR);
  connection = (await connectionForInbound(db, created.id))!;
});

/** The connections here all exist, so every event is stored (null would mean a deleted connection). */
async function ingestPlatformCall(...args: Parameters<typeof ingestOrNull>) {
  const result = await ingestOrNull(...args);
  if (!result) throw new Error("the connection was not found");
  return result;
}

let n = 0;
function platformCall(overrides: Partial<PlatformCall> = {}): PlatformCall {
  n++;
  return {
    externalId: `retell-call-${n}-${Math.random().toString(36).slice(2, 8)}`,
    agentId: "agent_abc",
    direction: "inbound",
    agentNumber: "+61290001111",
    callerNumber: "+61412345678",
    status: "completed",
    startedAt: "2026-11-24T09:00:00.000Z",
    endedAt: "2026-11-24T09:03:12.000Z",
    contactName: null,
    summary: null,
    transcript: [{ role: "agent", text: "Hello", start_ms: 0, end_ms: 1200 }],
    recordingUrl: "https://example.com/rec.wav",
    analysis: null,
    ...overrides,
  };
}

async function deliveriesOf(callId: string) {
  return db.select().from(deliveries).where(eq(deliveries.callId, callId));
}

async function jobsFor(deliveryIds: string[]) {
  if (deliveryIds.length === 0) return 0;
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job
        where name = 'delivery' and data->>'deliveryId' in (select jsonb_array_elements_text(${JSON.stringify(deliveryIds)}::jsonb))`,
  );
  return row!.n;
}

async function storedCall(callId: string) {
  const [row] = await db.select().from(calls).where(eq(calls.id, callId));
  return row!;
}

describe("a platform's final event", () => {
  it("stores the call with the platform's ids and analysis, and runs every matching action once", async () => {
    const call = platformCall({ summary: "Wants an appraisal.", analysis: { call_successful: true, user_sentiment: "Positive" } });
    const first = await ingestPlatformCall(db, connection, { final: true, call });
    expect(first).toMatchObject({ created: true, released: true });
    expect(first.deliveryIds).toHaveLength(3);
    expect(await jobsFor(first.deliveryIds)).toBe(3);

    const row = await storedCall(first.callId);
    expect(row).toMatchObject({
      accountId,
      connectionId: connection.id,
      platform: "retell",
      platformAgentId: "agent_abc",
      agentNumber: "+61290001111",
      fromNumber: "+61412345678",
      toNumber: "+61290001111",
      callerNumber: "+61412345678",
      durationSeconds: 192,
      summary: "Wants an appraisal.",
      analysis: { call_successful: true, user_sentiment: "Positive" },
      actionsDueAt: null,
    });
    expect(row.actionsReleasedAt).not.toBeNull();

    // The platform redelivers: the same call, nothing runs again.
    const again = await ingestPlatformCall(db, connection, { final: true, call });
    expect(again).toMatchObject({ callId: first.callId, created: false, released: false, deliveryIds: [] });
    expect(await deliveriesOf(first.callId)).toHaveLength(3);
  });

  it("a later POST for the same call (Bland's corrected transcript) updates it and never erases what it had", async () => {
    const call = platformCall({ summary: "First summary", analysis: { a: 1 } });
    const first = await ingestPlatformCall(db, connection, { final: true, call });
    const corrected = [{ role: "caller" as const, text: "Corrected words", start_ms: 100, end_ms: 900 }];
    const second = await ingestPlatformCall(db, connection, {
      final: true,
      call: { ...call, summary: null, analysis: null, recordingUrl: null, transcript: corrected },
    });
    expect(second).toMatchObject({ callId: first.callId, created: false, deliveryIds: [] });
    const row = await storedCall(first.callId);
    expect(row.transcript).toEqual(corrected);
    expect(row.summary).toBe("First summary");
    expect(row.analysis).toEqual({ a: 1 });
    expect(row.recordingUrl).toBe("https://example.com/rec.wav");
  });

  it("keeps a recording the owner deleted deleted, whatever the platform sends again", async () => {
    const call = platformCall();
    const first = await ingestPlatformCall(db, connection, { final: true, call });
    await db.update(calls).set({ recordingUrl: null, recordingDeletedAt: new Date() }).where(eq(calls.id, first.callId));
    await ingestPlatformCall(db, connection, { final: true, call });
    expect((await storedCall(first.callId)).recordingUrl).toBeNull();
  });

  it("the same platform call id on another connection is another call", async () => {
    const other = await createConnection(db, accountId, { platform: "retell", name: "Rentals", secret: "key_2" }, SYSTEM_ACTOR);
    const otherConnection = (await connectionForInbound(db, other.id))!;
    const call = platformCall();
    const a = await ingestPlatformCall(db, connection, { final: true, call });
    const b = await ingestPlatformCall(db, otherConnection, { final: true, call });
    expect(a.callId).not.toBe(b.callId);
    expect(b.created).toBe(true);
  });

  it("stores a web call with no numbers", async () => {
    const result = await ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentNumber: null, callerNumber: null }) });
    const row = await storedCall(result.callId);
    expect(row).toMatchObject({ agentNumber: null, fromNumber: null, toNumber: null, callerNumber: null, contactId: null });
  });
});

describe("Retell's two events", () => {
  it("call_ended stores the call and waits; call_analyzed brings the summary and runs the actions once", async () => {
    const call = platformCall();
    const ended = await ingestPlatformCall(db, connection, { final: false, call });
    expect(ended).toMatchObject({ created: true, released: false, deliveryIds: [] });
    const waiting = await storedCall(ended.callId);
    expect(waiting.actionsDueAt).not.toBeNull();
    // The connection's wait (3 minutes by default) from now.
    expect(waiting.actionsDueAt!.getTime() - Date.now()).toBeGreaterThan(170_000);
    expect(waiting.actionsDueAt!.getTime() - Date.now()).toBeLessThan(190_000);

    const analyzed = await ingestPlatformCall(db, connection, {
      final: true,
      call: { ...call, summary: "Asked for a call back", analysis: { call_summary: "Asked for a call back" } },
    });
    expect(analyzed).toMatchObject({ callId: ended.callId, created: false, released: true });
    expect(analyzed.deliveryIds).toHaveLength(3);
    expect(await jobsFor(analyzed.deliveryIds)).toBe(3);
    const row = await storedCall(ended.callId);
    expect(row).toMatchObject({ summary: "Asked for a call back", actionsDueAt: null });

    // Retell retries call_analyzed; the wait's sweep runs long after: nothing runs again.
    const retried = await ingestPlatformCall(db, connection, { final: true, call: { ...call, summary: "Asked for a call back" } });
    expect(retried.deliveryIds).toEqual([]);
    expect(await releaseCallActions(db, ended.callId, new Date(Date.now() + 3_600_000))).toEqual([]);
    expect(await deliveriesOf(ended.callId)).toHaveLength(3);
  });

  it("when call_analyzed never comes, the sweep runs the actions after the wait — and a late call_analyzed runs nothing", async () => {
    const call = platformCall();
    const ended = await ingestPlatformCall(db, connection, { final: false, call });

    // Before the wait is over the sweep leaves it alone.
    await releaseDueCalls(db, new Date(Date.now() + 60_000));
    expect(await deliveriesOf(ended.callId)).toHaveLength(0);

    const released = await releaseDueCalls(db, new Date(Date.now() + 181_000));
    expect(released).toBeGreaterThanOrEqual(1);
    const made = await deliveriesOf(ended.callId);
    expect(made).toHaveLength(3);
    expect(await jobsFor(made.map((d) => d.id))).toBe(3);
    expect((await storedCall(ended.callId)).actionsDueAt).toBeNull();

    const late = await ingestPlatformCall(db, connection, { final: true, call: { ...call, summary: "Late summary" } });
    expect(late).toMatchObject({ released: false, deliveryIds: [] });
    expect((await storedCall(ended.callId)).summary).toBe("Late summary");
    expect(await deliveriesOf(ended.callId)).toHaveLength(3);
  });

  it("call_analyzed first (call_ended late or lost): the actions run at once, and the late call_ended changes nothing", async () => {
    const call = platformCall({ summary: "Summary" });
    const analyzed = await ingestPlatformCall(db, connection, { final: true, call });
    expect(analyzed.deliveryIds).toHaveLength(3);
    const ended = await ingestPlatformCall(db, connection, { final: false, call: { ...call, summary: null } });
    expect(ended).toMatchObject({ callId: analyzed.callId, created: false, released: false, deliveryIds: [] });
    const row = await storedCall(analyzed.callId);
    expect(row).toMatchObject({ summary: "Summary", actionsDueAt: null });
  });

  it("call_ended, call_analyzed and the sweep racing each other run each action exactly once", async () => {
    for (let round = 0; round < 8; round++) {
      const call = platformCall();
      await ingestPlatformCall(db, connection, { final: false, call });
      const late = new Date(Date.now() + 3_600_000);
      const [id] = (await db.select({ id: calls.id }).from(calls).where(eq(calls.externalId, call.externalId))).map((r) => r.id);
      const [a, b, c, d, e] = await Promise.all([
        ingestPlatformCall(db, connection, { final: true, call }),
        ingestPlatformCall(db, connection, { final: true, call }),
        releaseCallActions(db, id!, late),
        ingestPlatformCall(db, connection, { final: false, call }),
        releaseCallActions(db, id!, late),
      ]);
      // Exactly one of them released the actions (not merely: the unique index kept a second set out).
      const releasers = [a.released, b.released, c.length > 0, d.released, e.length > 0].filter(Boolean);
      expect(releasers).toHaveLength(1);
      const made = await deliveriesOf(id!);
      expect(made).toHaveLength(3);
      expect(await jobsFor(made.map((d) => d.id))).toBe(3);
    }
  });

  it("new call_ended and call_analyzed at the same moment: one call, its actions once", async () => {
    for (let round = 0; round < 8; round++) {
      const call = platformCall();
      const results = await Promise.all([
        ingestPlatformCall(db, connection, { final: false, call }),
        ingestPlatformCall(db, connection, { final: true, call }),
      ]);
      expect(new Set(results.map((r) => r.callId)).size).toBe(1);
      expect(results.filter((r) => r.released)).toHaveLength(1);
      const made = await deliveriesOf(results[0]!.callId);
      expect(made).toHaveLength(3);
      expect((await storedCall(results[0]!.callId)).actionsDueAt).toBeNull();
    }
  });
});

describe("a deleted connection", () => {
  it("keeps its calls and their platform; a late event or a redelivery stores nothing (null)", async () => {
    const created = await createConnection(db, accountId, { platform: "bland", name: "Temp", secret: "s" }, SYSTEM_ACTOR);
    const temp = (await connectionForInbound(db, created.id))!;
    const call = platformCall();
    const stored = await ingestPlatformCall(db, temp, { final: true, call });
    await db.delete(connections).where(eq(connections.id, temp.id));
    expect(await storedCall(stored.callId)).toMatchObject({ connectionId: null, platform: "bland" });
    const before = await db.select({ id: calls.id }).from(calls);
    expect(await ingestOrNull(db, temp, { final: true, call: platformCall() })).toBeNull();
    // The same platform call again: its row no longer names the connection, and nothing conflicts.
    expect(await ingestOrNull(db, temp, { final: true, call })).toBeNull();
    expect(await db.select({ id: calls.id }).from(calls)).toHaveLength(before.length);
  });
});

describe("a platform whose signature does not cover the body (Synthflow)", () => {
  it("creates a call but never changes a stored one: a replayed signature with another body is answered with the call as it was", async () => {
    const call = platformCall({ summary: "Original" });
    const first = await ingestPlatformCall(db, connection, { final: true, call }, { mayUpdate: false });
    expect(first.created).toBe(true);
    const replay = await ingestPlatformCall(
      db,
      connection,
      { final: true, call: { ...call, summary: "Forged", callerNumber: "+61499999999", analysis: { forged: true } } },
      { mayUpdate: false },
    );
    expect(replay).toMatchObject({ callId: first.callId, created: false, released: false, deliveryIds: [] });
    expect(await storedCall(first.callId)).toMatchObject({ summary: "Original", callerNumber: "+61412345678", analysis: null });
  });
});
