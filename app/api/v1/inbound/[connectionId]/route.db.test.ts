import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { createConnection, deleteConnection, replaceConnectionSecret } from "@/db/queries/connections";
import { calls, connections, deliveries } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/db/audit";
import { signBody, signedSampleEvent } from "@/lib/platforms/samples";
import { PLATFORMS, type PlatformName } from "@/lib/platforms/types";
import { createAccount, createActions } from "@/tests/factories";
import { POST } from "./route";

/**
 * POST /api/v1/inbound/{connection_id} end to end against real PostgreSQL: each platform's own signed
 * end-of-call body becomes a call with its deliveries, and everything the contract refuses is refused
 * with nothing stored.
 */
const SECRET = "platform-secret-0123456789abcdef";
let accountId: string;
const ids = {} as Record<PlatformName, string>;

beforeAll(async () => {
  ({ accountId } = await createAccount());
  await createActions(accountId, [
    { channel: "sms", destination: "+61400000001" },
    { channel: "webhook", destination: "https://example.com/hook" },
  ]);
  for (const platform of PLATFORMS) {
    ids[platform] = (await createConnection(db, accountId, { platform, name: `${platform} line`, secret: SECRET }, SYSTEM_ACTOR)).id;
  }
});

function request(connectionId: string, body: string, headers: Record<string, string>, contentType = "application/json") {
  return new Request(`http://localhost/api/v1/inbound/${connectionId}`, {
    method: "POST",
    headers: { ...headers, "content-type": contentType },
    body,
  });
}

const post = (connectionId: string, req: Request) => POST(req, { params: Promise.resolve({ connectionId }) });

function sample(platform: PlatformName, opts: Partial<Parameters<typeof signedSampleEvent>[1]> = {}) {
  return signedSampleEvent(platform, { secret: SECRET, externalId: `ext-${platform}-${Math.random().toString(36).slice(2, 10)}`, ...opts });
}

async function counts() {
  const [row] = await db.execute<{ calls: number; deliveries: number; jobs: number }>(sql`
    select (select count(*)::int from calls) as calls,
           (select count(*)::int from deliveries) as deliveries,
           (select count(*)::int from pgboss.job where name = 'delivery') as jobs`);
  return row!;
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as { detail: string; errors?: { field: string; message: string }[] };
}

describe("each platform's end-of-call event", () => {
  it.each(PLATFORMS)("%s: stored as a call with its platform, summary and transcript, and its actions run (202, then 200)", async (platform) => {
    const event = sample(platform);
    const res = await post(ids[platform], request(ids[platform], event.body, event.headers));
    // Retell's sample is call_analyzed (the final event): a new call either way.
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call).toMatchObject({ accountId, connectionId: ids[platform], platform, status: "completed" });
    expect(call!.transcript.length).toBeGreaterThan(1);
    expect(call!.durationSeconds).toBeGreaterThan(0);
    if (platform !== "synthflow") expect(call!.summary).toBeTruthy(); // Synthflow sends graded flags, no text summary
    const made = await db.select().from(deliveries).where(eq(deliveries.callId, call_id));
    expect(made.map((d) => d.channel).sort()).toEqual(["sms", "webhook"]);

    // The platform sends it again: the same call, nothing new.
    const before = await counts();
    const again = await post(ids[platform], request(ids[platform], event.body, event.headers));
    expect(again.status).toBe(200);
    expect(((await again.json()) as { call_id: string }).call_id).toBe(call_id);
    expect(await counts()).toEqual(before);
  });

  it("Retell: call_ended stores the call and waits (202); call_analyzed adds the summary and runs the actions (200)", async () => {
    const externalId = `retell-two-${Date.now()}`;
    const ended = sample("retell", { externalId, stage: "call_ended" });
    const first = await post(ids.retell, request(ids.retell, ended.body, ended.headers));
    expect(first.status).toBe(202);
    const { call_id } = (await first.json()) as { call_id: string };
    expect(await db.select().from(deliveries).where(eq(deliveries.callId, call_id))).toHaveLength(0);
    const [waiting] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(waiting!.summary).toBeNull();
    expect(waiting!.actionsDueAt).not.toBeNull();

    const analyzed = sample("retell", { externalId, stage: "call_analyzed", summary: "Wants a plumber today." });
    const second = await post(ids.retell, request(ids.retell, analyzed.body, analyzed.headers));
    expect(second.status).toBe(200);
    expect(((await second.json()) as { call_id: string }).call_id).toBe(call_id);
    const [done] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(done).toMatchObject({ summary: "Wants a plumber today.", actionsDueAt: null });
    expect(done!.analysis).toMatchObject({ call_summary: "Wants a plumber today." });
    expect(await db.select().from(deliveries).where(eq(deliveries.callId, call_id))).toHaveLength(2);
  });
});

describe("refusals store nothing", () => {
  it("a bad signature is 401, counted on the connection with its reason", async () => {
    const event = sample("vapi");
    const before = await counts();
    const [conn] = await db.select().from(connections).where(eq(connections.id, ids.vapi));
    const res = await post(ids.vapi, request(ids.vapi, event.body, { "x-vapi-secret": "not-the-secret" }));
    const problem = await expectProblem(res, 401);
    expect(problem.detail).toMatch(/^Vapi: /);
    expect(await counts()).toEqual(before);
    const [after] = await db.select().from(connections).where(eq(connections.id, ids.vapi));
    expect(after!.refusedCount).toBe(conn!.refusedCount + 1);
    expect(after!.lastRefusedReason).toBeTruthy();
    expect(after!.lastRefusedReason).not.toContain("not-the-secret");
  });

  it.each(PLATFORMS)("%s: a body changed after signing, and a missing signature, are 401", async (platform) => {
    const event = sample(platform);
    // Vapi's default header carries the secret itself and covers no body: its HMAC credential does.
    if (platform === "vapi") event.headers = signBody("vapi", event.body, SECRET, Date.now(), { vapi: "hmac" });
    const before = await counts();
    // Synthflow signs only the call id: change that, which is what its signature covers.
    const tampered =
      platform === "synthflow"
        ? event.body.replace(/"call_id":"([^"]+)"/, '"call_id":"$1x"')
        : event.body.replace(/Paddington/g, "Parramatta");
    expect(tampered).not.toBe(event.body);
    await expectProblem(await post(ids[platform], request(ids[platform], tampered, event.headers)), 401);
    await expectProblem(await post(ids[platform], request(ids[platform], event.body, {})), 401);
    expect(await counts()).toEqual(before);
  });

  it("a signature made with another connection's secret is 401", async () => {
    const other = await createConnection(db, accountId, { platform: "bland", name: "other", secret: "another-secret" }, SYSTEM_ACTOR);
    const event = signedSampleEvent("bland", { secret: "another-secret" });
    await expectProblem(await post(ids.bland, request(ids.bland, event.body, event.headers)), 401);
    expect((await post(other.id, request(other.id, event.body, event.headers))).status).toBe(202);
  });

  it("stale timestamps are 401 (Retell ±5 min, ElevenLabs 30 min)", async () => {
    const old = Date.now() - 31 * 60_000;
    for (const platform of ["retell", "elevenlabs"] as const) {
      const event = sample(platform, { now: old });
      const problem = await expectProblem(await post(ids[platform], request(ids[platform], event.body, event.headers)), 401);
      expect(problem.detail.toLowerCase()).toMatch(/timestamp|old|minutes/);
    }
  });

  it("an unknown, malformed or deleted connection is 404", async () => {
    const event = sample("vapi");
    const unknown = "con_doesnotexist00000000"; // the right form, in no database
    expect(unknown).toMatch(/^con_[0-9a-z]{20}$/);
    await expectProblem(await post(unknown, request(unknown, event.body, event.headers)), 404);
    await expectProblem(await post("../../etc", request("x", event.body, event.headers)), 404);
    const temp = await createConnection(db, accountId, { platform: "vapi", name: "temp", secret: SECRET }, SYSTEM_ACTOR);
    expect((await post(temp.id, request(temp.id, event.body, event.headers))).status).toBe(202);
    await deleteConnection(db, accountId, temp.id, SYSTEM_ACTOR);
    const later = sample("vapi");
    await expectProblem(await post(temp.id, request(temp.id, later.body, later.headers)), 404);
    // The platform redelivers the first event: 404 too, not a 503 (its call no longer names the connection).
    await expectProblem(await post(temp.id, request(temp.id, event.body, event.headers)), 404);
  });

  it("a replaced secret verifies at once, and the old one is refused", async () => {
    const temp = await createConnection(db, accountId, { platform: "bland", name: "rotating", secret: "old-secret" }, SYSTEM_ACTOR);
    const first = signedSampleEvent("bland", { secret: "old-secret" });
    expect((await post(temp.id, request(temp.id, first.body, first.headers))).status).toBe(202); // now cached
    await replaceConnectionSecret(db, accountId, temp.id, "new-secret", SYSTEM_ACTOR);
    const withOld = signedSampleEvent("bland", { secret: "old-secret" });
    await expectProblem(await post(temp.id, request(temp.id, withOld.body, withOld.headers)), 401);
    const withNew = signedSampleEvent("bland", { secret: "new-secret" });
    expect((await post(temp.id, request(temp.id, withNew.body, withNew.headers))).status).toBe(202);
  });

  it("events not acted on are 200 {ignored} at once, after the signature, storing nothing", async () => {
    const before = await counts();
    const vapiStatus = JSON.stringify({ message: { type: "status-update", status: "in-progress", call: { id: "c1" } } });
    const res = await post(ids.vapi, request(ids.vapi, vapiStatus, signBody("vapi", vapiStatus, SECRET, Date.now())));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ignored: "status-update" });
    const retellStarted = JSON.stringify({ event: "call_started", call: { call_id: "r1" } });
    const res2 = await post(ids.retell, request(ids.retell, retellStarted, signBody("retell", retellStarted, SECRET, Date.now())));
    expect(res2.status).toBe(200);
    expect(await res2.json()).toEqual({ ignored: "call_started" });
    // Unsigned, the same ignored event is refused: the signature comes first.
    await expectProblem(await post(ids.vapi, request(ids.vapi, vapiStatus, {})), 401);
    expect(await counts()).toEqual(before);
  });

  it("not JSON, not the platform's shape, the wrong content type and an oversize body are refused with problem+json", async () => {
    const before = await counts();
    const notJson = "not json";
    const p1 = await expectProblem(await post(ids.bland, request(ids.bland, notJson, signBody("bland", notJson, SECRET, Date.now()))), 400);
    expect(p1.errors?.[0]?.field).toBe("(body)");
    const wrongShape = JSON.stringify({ message: { type: "end-of-call-report" } });
    const p2 = await expectProblem(await post(ids.vapi, request(ids.vapi, wrongShape, signBody("vapi", wrongShape, SECRET, Date.now()))), 400);
    expect(p2.errors?.some((e) => e.field.startsWith("message."))).toBe(true);
    const event = sample("bland");
    await expectProblem(await post(ids.bland, request(ids.bland, event.body, event.headers, "text/plain")), 415);
    const huge = JSON.stringify({ pad: "x".repeat(1024 * 1024) });
    await expectProblem(await post(ids.bland, request(ids.bland, huge, signBody("bland", huge, SECRET, Date.now()))), 413);
    expect(await counts()).toEqual(before);
  });
});
