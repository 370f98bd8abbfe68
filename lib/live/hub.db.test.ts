import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { db, sqlClient } from "@/db";
import { chargeDelivery, requeueDelivery, skipDelivery } from "@/db/queries/delivery-lifecycle";
import { deliveries } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { ingestCall } from "@/lib/ingest/ingest-call";
import { createAccount, createActions, createCall, createTestDelivery } from "@/tests/factories";
import { LiveHub, listenOn, type LiveMessage } from "./hub";
import { liveEventStream } from "./sse";

const hubs: LiveHub[] = [];
function newHub(limit = 20) {
  const hub = new LiveHub(listenOn(sqlClient()), limit, 0);
  hubs.push(hub);
  return hub;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

async function until(check: () => boolean, what: string, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function recorder() {
  const got: LiveMessage[] = [];
  return { got, fn: (m: LiveMessage) => void got.push(m) };
}

async function setup() {
  const account = await createAccount();
  const actions = await createActions(account.accountId, [
    { channel: "sms", destination: "+61400111222" },
    { channel: "webhook", destination: "https://hooks.example.com/in" },
  ]);
  return { ...account, actions };
}

async function loadDelivery(id: string) {
  const [d] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return d!;
}

describe("live fan-out", () => {
  it("hands each change only to the streams of its own account", async () => {
    const [a, b] = [await setup(), await setup()];
    const hub = newHub();
    const [ra, rb, rb2] = [recorder(), recorder(), recorder()];
    const subs = [hub.subscribe(a.accountId, ra.fn), hub.subscribe(b.accountId, rb.fn), hub.subscribe(b.accountId, rb2.fn)];
    for (const s of subs) if (s.ok) await s.ready;

    // B's call is stored: both of B's streams hear it; A's does not.
    const call = await createCall(b, b.actions);
    await until(() => rb.got.length >= 1 && rb2.got.length >= 1, "B's call");
    expect(rb.got[0]).toEqual({ type: "change", event: { kind: "call", callId: call.callId } });
    expect(rb2.got[0]).toEqual(rb.got[0]);

    // A status change of B's delivery, through the lifecycle: B hears it with its ids and channel.
    const sms = await loadDelivery(call.deliveryIds[0]!);
    expect(await skipDelivery(db, sms, "insufficient_credits")).toBe(true);
    await until(() => rb.got.length >= 2, "B's delivery change");
    expect(rb.got[1]).toEqual({ type: "change", event: { kind: "delivery", callId: call.callId, deliveryId: sms.id, channel: "sms" } });

    // A's own change, committed after B's: once A hears it, anything of B's would have arrived before it.
    const testSend = await createTestDelivery(a.accountId, "webhook", "https://hooks.example.com/a");
    await until(() => ra.got.length >= 1, "A's test send");
    expect(ra.got).toEqual([{ type: "change", event: { kind: "delivery", callId: null, deliveryId: testSend, channel: "webhook" } }]);
    expect(rb.got.every((m) => m.type === "change" && m.event.callId === call.callId)).toBe(true);
  });

  it("reaches the streams of every web process: each LISTENs on its own connection", async () => {
    const a = await setup();
    const other = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
    const elsewhere = new LiveHub(listenOn(other), 20, 0);
    try {
      const [here, there] = [recorder(), recorder()];
      const subs = [newHub().subscribe(a.accountId, here.fn), elsewhere.subscribe(a.accountId, there.fn)];
      for (const s of subs) if (s.ok) await s.ready;
      const call = await createCall(a, []);
      await until(() => here.got.length === 1 && there.got.length === 1, "both processes");
      expect(there.got).toEqual(here.got);
      expect(here.got[0]).toEqual({ type: "change", event: { kind: "call", callId: call.callId } });
    } finally {
      await other.end(); // its LISTEN connection with it
    }
  });

  it("hears ingest's one statement once per call, not once per delivery it creates", async () => {
    const a = await setup();
    const hub = newHub();
    const r = recorder();
    const sub = hub.subscribe(a.accountId, r.fn);
    if (sub.ok) await sub.ready;
    const data = {
      call_id: `CA-live-${Date.now()}`,
      to: a.agentNumber,
      from: "+61412345678",
      direction: "inbound" as const,
      status: "completed" as const,
      started_at: "2026-11-24T09:00:00Z",
      ended_at: "2026-11-24T09:03:12Z",
    };
    const stored = await ingestCall(db, { eventId: `evt_live_${Date.now()}`, data });
    expect(stored.deliveryIds).toHaveLength(2);
    await until(() => r.got.length >= 1, "the stored call");
    // A redelivery stores nothing, so says nothing; a later change (a test send) proves nothing more came.
    await ingestCall(db, { eventId: `evt_live_again_${Date.now()}`, data });
    const marker = await createTestDelivery(a.accountId, "webhook", "https://hooks.example.com/m");
    await until(() => r.got.length >= 2, "the marker");
    expect(r.got.map((m) => m.type === "change" && (m.event.deliveryId ?? m.event.callId))).toEqual([stored.callId, marker]);
  });

  it("stays quiet for changes no page shows (a charge), and speaks for a resend", async () => {
    const a = await setup();
    const hub = newHub();
    const r = recorder();
    const sub = hub.subscribe(a.accountId, r.fn);
    if (sub.ok) await sub.ready;
    const call = await createCall(a, a.actions);
    await until(() => r.got.length === 1, "the call");

    const sms = await loadDelivery(call.deliveryIds[0]!);
    expect((await chargeDelivery(db, { id: sms.id, accountId: a.accountId, channel: "sms" }, 10)).charge).toBe("charged");
    await skipDelivery(db, sms, "insufficient_credits");
    await db.transaction((tx) => requeueDelivery(tx, a.accountId, sms.id));
    await until(() => r.got.length >= 3, "the skip and the resend");
    await new Promise((res) => setTimeout(res, 100));
    // The charge (credits only) sent nothing: just the skip and the resend.
    expect(r.got.slice(1).map((m) => m.type === "change" && m.event.deliveryId)).toEqual([sms.id, sms.id]);
    expect(r.got).toHaveLength(3);
    // A receipt arriving later (the carrier's delivered) is a change the page shows.
    await db.update(deliveries).set({ receipt: "delivered", receiptAt: new Date() }).where(eq(deliveries.id, sms.id));
    await until(() => r.got.length >= 4, "the receipt");
  });

  it("sends nothing for a session that turned it off (a bulk load)", async () => {
    const a = await setup();
    const hub = newHub();
    const r = recorder();
    const sub = hub.subscribe(a.accountId, r.fn);
    if (sub.ok) await sub.ready;
    const bulk = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {}, connection: { "aftercall.live_notify": "off" } });
    try {
      await bulk`update calls set summary = 'bulk' where account_id = ${a.accountId}`;
      const quiet = await createCall(a, []); // our own session: heard
      await bulk`update calls set summary = 'bulk again' where id = ${quiet.callId}`;
      const heard = await createCall(a, []);
      await until(() => r.got.length >= 2, "the two calls");
      await new Promise((res) => setTimeout(res, 100));
      expect(r.got.map((m) => m.type === "change" && m.event.callId)).toEqual([quiet.callId, heard.callId]);
    } finally {
      await bulk.end();
    }
  });

  it("bounds the open streams per account, and frees a place when one closes", async () => {
    const [a, b] = [await setup(), await setup()];
    const hub = newHub(2);
    const first = hub.subscribe(a.accountId, () => {});
    const second = hub.subscribe(a.accountId, () => {});
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(hub.subscribe(a.accountId, () => {})).toEqual({ ok: false, reason: "limit" });
    // Another account has its own bound.
    expect(hub.subscribe(b.accountId, () => {}).ok).toBe(true);
    if (first.ok) first.unsubscribe();
    if (first.ok) first.unsubscribe(); // twice frees one place, not two
    expect(hub.count(a.accountId)).toBe(1);
    expect(hub.subscribe(a.accountId, () => {}).ok).toBe(true);
    expect(hub.subscribe(a.accountId, () => {}).ok).toBe(false);
  });

  it("streams server-sent events, answers 429 past the bound, and cleans up when the browser leaves", async () => {
    const a = await setup();
    const hub = newHub(1);
    const abort = new AbortController();
    const response = await liveEventStream(hub, a.accountId, abort.signal);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const read = async (want: string) => {
      while (!text.includes(want)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${want}`);
        text += value;
      }
    };
    await read("event: ready");

    const refused = await liveEventStream(hub, a.accountId, new AbortController().signal).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(429);

    const call = await createCall(a, []);
    await read(`"callId":"${call.callId}"`);
    expect(text).toContain(`event: change\ndata: {"kind":"call","callId":"${call.callId}"}\n\n`);

    abort.abort();
    expect(hub.count(a.accountId)).toBe(0);
    expect((await reader.read()).done).toBe(true);
  });

  it("ends every open stream when the process stops, so a graceful close is not held up", async () => {
    const a = await setup();
    const hub = newHub();
    const response = await liveEventStream(hub, a.accountId, new AbortController().signal);
    const reader = response.body!.getReader();
    await reader.read();
    hub.endAll();
    expect(hub.count(a.accountId)).toBe(0);
    for (;;) if ((await reader.read()).done) break;
  });

  it("tells every stream to re-read after the listener's connection is lost and comes back", async () => {
    const a = await setup();
    const hub = newHub();
    const r = recorder();
    const sub = hub.subscribe(a.accountId, r.fn);
    if (sub.ok) await sub.ready;
    await sqlClient()`select pg_terminate_backend(pid) from pg_stat_activity
                       where datname = current_database() and pid <> pg_backend_pid() and query ilike 'listen%aftercall_live%'`;
    await until(() => r.got.some((m) => m.type === "resync"), "a resync", 10_000);
    // And it listens again: the next change arrives.
    const call = await createCall(a, []);
    await until(() => r.got.some((m) => m.type === "change" && m.event.callId === call.callId), "a change after the reconnect", 10_000);
  });
});
