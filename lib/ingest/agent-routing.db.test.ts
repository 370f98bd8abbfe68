import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { addAgentNumber } from "@/db/queries/agent-numbers";
import { connectionForInbound, createConnection, type InboundConnection } from "@/db/queries/connections";
import { callVolume } from "@/db/queries/post-call-actions";
import { costPreview } from "@/lib/post-call-actions/cost";
import { agents, calls, deliveries, postCallActions } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/db/audit";
import { newId } from "@/lib/ids";
import type { Channel } from "@/lib/pricing";
import type { PlatformCall } from "@/lib/platforms/types";
import { createAccount } from "@/tests/factories";
import { ingestCall } from "./ingest-call";
import { ingestPlatformCall } from "./ingest-platform-call";
import { releaseCallActions } from "./release-actions";

/**
 * Agents and routing against real PostgreSQL: ingest files each call under its agent (creating the
 * agent with its first call), and an action routed to one agent runs only for that agent's calls —
 * native calls and a connection's alike — while an unrouted action runs for every call.
 */
let accountId: string;
let salesNumber: string;
const rentalsNumber = `+6129${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
let connection: InboundConnection;

beforeAll(async () => {
  const account = await createAccount();
  accountId = account.accountId;
  salesNumber = account.agentNumber;
  await addAgentNumber(db, accountId, { e164: rentalsNumber, label: "Rentals line" }, SYSTEM_ACTOR);
  const created = await createConnection(db, accountId, { platform: "vapi", name: "Vapi", secret: "s3cret-s3cret" }, SYSTEM_ACTOR);
  connection = (await connectionForInbound(db, created.id))!;
});

function nativeEvent(agentNumber: string) {
  return {
    eventId: newId("evt"),
    data: {
      call_id: newId("CA"),
      to: agentNumber,
      from: "+61412345678",
      direction: "inbound" as const,
      status: "completed" as const,
      started_at: new Date(Date.now() - 120_000).toISOString(),
      ended_at: new Date(Date.now() - 60_000).toISOString(),
      summary: "Wants a viewing.",
    },
  };
}

function platformCall(overrides: Partial<PlatformCall> = {}): PlatformCall {
  return {
    externalId: newId("vapi"),
    agentId: null,
    direction: "inbound",
    agentNumber: null,
    callerNumber: "+61412345678",
    status: "completed",
    startedAt: new Date(Date.now() - 120_000).toISOString(),
    endedAt: new Date(Date.now() - 60_000).toISOString(),
    timesKnown: true,
    contactName: null,
    summary: "Wants a viewing.",
    transcript: [],
    recordingUrl: null,
    analysis: null,
    ...overrides,
  };
}

async function agentOf(callId: string) {
  const [row] = await db.select({ agentId: calls.agentId }).from(calls).where(eq(calls.id, callId));
  return row!.agentId;
}

async function channelsOf(callId: string): Promise<Channel[]> {
  const rows = await db.select({ channel: deliveries.channel }).from(deliveries).where(eq(deliveries.callId, callId));
  return rows.map((r) => r.channel).sort();
}

/** Replaces the account's actions: an SMS routed to `routedTo`, an email for every agent. */
async function routeSmsTo(routedTo: string[]) {
  await db.delete(postCallActions).where(eq(postCallActions.accountId, accountId));
  await db.insert(postCallActions).values([
    { id: newId("act"), accountId, position: 0, channel: "sms", destination: "+61400000001", agentIds: routedTo },
    { id: newId("act"), accountId, position: 1, channel: "email", destination: "team@example.com" },
  ]);
}

describe("agents", () => {
  it("a registered number has its agent, named by its label, before any call; a first call creates one", async () => {
    const [rentals] = await db.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.number, rentalsNumber)));
    expect(rentals).toMatchObject({ name: "Rentals line", platform: null, platformAgentId: null });

    const first = await ingestCall(db, nativeEvent(salesNumber));
    const salesAgent = await agentOf(first.callId);
    expect(salesAgent).toMatch(/^agt_/);
    const [sales] = await db.select().from(agents).where(eq(agents.id, salesAgent!));
    expect(sales).toMatchObject({ accountId, number: salesNumber, name: null, platformAgentId: null });
    // The next call finds it.
    expect(await agentOf((await ingestCall(db, nativeEvent(salesNumber))).callId)).toBe(salesAgent);
  });

  it("a platform agent id is its own agent; a platform call with only a number shares the number's agent", async () => {
    const a = await ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentId: "asst_sales", agentNumber: salesNumber }) });
    const agentId = await agentOf(a!.callId);
    const [row] = await db.select().from(agents).where(eq(agents.id, agentId!));
    expect(row).toMatchObject({ platform: "vapi", platformAgentId: "asst_sales", number: salesNumber });

    const b = await ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentNumber: rentalsNumber }) });
    const [rentals] = await db.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.number, rentalsNumber)));
    expect(await agentOf(b!.callId)).toBe(rentals!.id);

    // Neither an agent id nor a number (a web call): no agent.
    const c = await ingestPlatformCall(db, connection, { final: true, call: platformCall() });
    expect(await agentOf(c!.callId)).toBeNull();
  });

  it("a new agent's first calls arriving together all land on one agent", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentId: "asst_burst" }) })),
    );
    const ids = new Set(await Promise.all(results.map((r) => agentOf(r!.callId))));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^agt_/);
    expect(await db.select().from(agents).where(eq(agents.platformAgentId, "asst_burst"))).toHaveLength(1);
  });
});

describe("routing", () => {
  it("an action routed to one agent number runs only for that agent's native calls", async () => {
    const [rentals] = await db.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.number, rentalsNumber)));
    await routeSmsTo([rentals!.id]);

    const toRentals = await ingestCall(db, nativeEvent(rentalsNumber));
    const toSales = await ingestCall(db, nativeEvent(salesNumber));
    expect(await channelsOf(toRentals.callId)).toEqual(["email", "sms"]);
    expect(await channelsOf(toSales.callId)).toEqual(["email"]);
  });

  it("an action routed to one platform agent runs only for that agent's connection calls, also when a wait releases them", async () => {
    // The agent exists once its first call has come (with no routed action yet).
    const seed = await ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentId: "asst_rentals" }) });
    const rentalsAgent = (await agentOf(seed!.callId))!;
    await routeSmsTo([rentalsAgent]);

    const routed = await ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentId: "asst_rentals" }) });
    const other = await ingestPlatformCall(db, connection, { final: true, call: platformCall({ agentId: "asst_sales" }) });
    const none = await ingestPlatformCall(db, connection, { final: true, call: platformCall() });
    expect(await channelsOf(routed!.callId)).toEqual(["email", "sms"]);
    expect(await channelsOf(other!.callId)).toEqual(["email"]);
    expect(await channelsOf(none!.callId)).toEqual(["email"]);

    // A two-part event: the call waits, then the sweep runs its actions with the same routing.
    const waiting = await ingestPlatformCall(db, connection, { final: false, call: platformCall({ agentId: "asst_rentals" }) });
    expect(await channelsOf(waiting!.callId)).toEqual([]);
    await db.update(calls).set({ actionsDueAt: new Date(Date.now() - 1000) }).where(eq(calls.id, waiting!.callId));
    await releaseCallActions(db, waiting!.callId);
    expect(await channelsOf(waiting!.callId)).toEqual(["email", "sms"]);
  });

  it("the cost preview counts only the last 30 days' calls the routed action would have matched", async () => {
    const [rentals] = await db.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.number, rentalsNumber)));
    const volume = await callVolume(db, accountId);
    const all = await db.select({ agentId: calls.agentId }).from(calls).where(eq(calls.accountId, accountId));
    const ofRentals = all.filter((c) => c.agentId === rentals!.id).length;
    expect(ofRentals).toBeGreaterThan(0);
    expect(ofRentals).toBeLessThan(all.length);

    const sms = { key: "s", channel: "sms" as const, enabled: true, conditions: { statuses: ["completed" as const], min_duration_seconds: 0 } };
    const everyAgent = costPreview([sms], volume, 10_000);
    const routed = costPreview([{ ...sms, agents: [rentals!.id] }], volume, 10_000);
    expect(everyAgent.totalCalls).toBe(all.length);
    expect(everyAgent.breakdown[0]!.matchedCalls).toBe(all.length);
    expect(routed.breakdown[0]!.matchedCalls).toBe(ofRentals);
    expect(routed.monthlyCredits).toBe(ofRentals * 10);
  });
});

describe("a later platform event without times", () => {
  it("keeps the stored started and ended times instead of the receipt time", async () => {
    const call = platformCall({ agentId: "asst_sales", startedAt: "2026-11-24T09:00:00.000Z", endedAt: "2026-11-24T09:03:12.000Z" });
    const first = await ingestPlatformCall(db, connection, { final: false, call });
    const now = new Date().toISOString();
    await ingestPlatformCall(db, connection, { final: true, call: { ...call, startedAt: now, endedAt: now, timesKnown: false, summary: "Later" } });
    const [row] = await db.select().from(calls).where(eq(calls.id, first!.callId));
    expect(row!.startedAt.toISOString()).toBe("2026-11-24T09:00:00.000Z");
    expect(row!.endedAt.toISOString()).toBe("2026-11-24T09:03:12.000Z");
    expect(row!.durationSeconds).toBe(192);
    expect(row!.summary).toBe("Later");
  });
});
