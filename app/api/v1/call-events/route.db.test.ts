import { eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/db";
import { calls, contacts, deliveries } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { INGEST_RATE_LIMIT } from "@/lib/ingest/accept-call";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import { stopBoss } from "@/lib/jobs/queue";
import { eventBody, makeAccount, signedRequest, TEST_SECRET } from "@/tests/ingest-fixtures";
import { POST } from "./route";

const AGENT = "+61290001234";
let accountId: string;

beforeAll(async () => {
  ({ accountId } = await makeAccount(db, AGENT, {
    actions: [
      { channel: "sms", destination: "+61400000001", statuses: ["completed"] },
      { channel: "email", destination: "owner@test.dev", statuses: ["completed", "no-answer"], minDurationSeconds: 60 },
      { channel: "webhook", destination: "https://example.com/hook", enabled: false },
    ],
  }));
});
afterAll(async () => {
  await stopBoss();
});

const post = (req: Request) => POST(req, undefined as never);
const json = (b: unknown) => JSON.stringify(b);

async function counts() {
  const [row] = await db.execute<{ calls: number; deliveries: number; contacts: number; jobs: number }>(sql`
    select (select count(*)::int from calls) as calls,
           (select count(*)::int from deliveries) as deliveries,
           (select count(*)::int from contacts) as contacts,
           (select count(*)::int from pgboss.job where name = 'delivery') as jobs`);
  return row!;
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as { status: number; detail: string; errors?: { field: string; message: string }[] };
}

describe("POST /api/v1/call-events", () => {
  it("stores a new call with its contact and one pending delivery per matching enabled action, and enqueues them (202)", async () => {
    const before = await counts();
    const body = eventBody({ call_id: "CA-new-1" });
    const res = await post(signedRequest(json(body)));
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    expect(call_id).toMatch(/^call_/);

    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call).toMatchObject({
      accountId,
      externalId: "CA-new-1",
      agentNumber: AGENT,
      callerNumber: "+61412345678",
      phoneType: "mobile",
      durationSeconds: 192,
      contactNameHeard: "Jane Citizen",
      recordingUrl: "https://recordings.example.com/1.mp3",
    });
    expect(call!.transcript).toHaveLength(2);
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, call!.contactId!));
    expect(contact).toMatchObject({ phone: "+61412345678", saved: false, phoneType: "mobile", accountId });

    const dl = await db.select().from(deliveries).where(eq(deliveries.callId, call_id));
    // sms (completed) and email (completed, 192 s ≥ 60 s); the disabled webhook is not run.
    expect(dl.map((d) => d.channel).sort()).toEqual(["email", "sms"]);
    for (const d of dl) {
      expect(d.status).toBe("pending");
      expect(d.messageId).toMatch(/^msg_/);
      expect(d.actionId).toBeTruthy();
    }
    expect(dl.find((d) => d.channel === "email")!.destination).toBe("owner@test.dev");
    const after = await counts();
    expect(after.jobs - before.jobs).toBe(2);
  });

  it("applies the conditions: status and minimum duration", async () => {
    const noAnswer = eventBody({ call_id: "CA-cond-1", status: "no-answer", ended_at: "2026-11-24T09:00:10Z", transcript: [] });
    const res = await post(signedRequest(json(noAnswer)));
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    // no-answer matches only the email action, whose 60 s minimum a 10 s call does not reach.
    expect(await db.select().from(deliveries).where(eq(deliveries.callId, call_id))).toHaveLength(0);
  });

  it("answers a redelivery (same webhook-id) with 200 and the same call_id, storing nothing new", async () => {
    const body = json(eventBody({ call_id: "CA-dup-1" }));
    const first = await post(signedRequest(body, { id: "evt_dup_1" }));
    expect(first.status).toBe(202);
    const { call_id } = (await first.json()) as { call_id: string };
    const before = await counts();
    const again = await post(signedRequest(body, { id: "evt_dup_1" }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ call_id });
    expect(await counts()).toEqual(before);
  });

  it("answers the same (to, call_id) under a new webhook-id with 200 and the same call_id", async () => {
    const first = await post(signedRequest(json(eventBody({ call_id: "CA-dup-2" }))));
    const { call_id } = (await first.json()) as { call_id: string };
    const before = await counts();
    const again = await post(signedRequest(json(eventBody({ call_id: "CA-dup-2", summary: "changed" }))));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ call_id });
    expect(await counts()).toEqual(before);
  });

  it("keeps a saved contact's name and saved flag when the caller calls again", async () => {
    await db.insert(contacts).values({ id: "ct_saved", accountId, phone: "+61423456789", name: "Saved Name", saved: true });
    const res = await post(signedRequest(json(eventBody({ call_id: "CA-saved", from: "+61423456789", contact_name: "Other Name" }))));
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    const [contact] = await db.select().from(contacts).where(eq(contacts.id, "ct_saved"));
    expect(contact).toMatchObject({ name: "Saved Name", saved: true });
    expect(contact!.lastCallAt).toEqual(new Date("2026-11-24T09:03:12Z"));
    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call).toMatchObject({ contactId: "ct_saved", contactNameHeard: "Other Name" });
  });

  it("an unsaved contact takes the latest name heard; a redelivered event changes nothing", async () => {
    const caller = "+61423450001";
    const at = (t: string) => ({ started_at: `2026-11-24T${t}:00Z`, ended_at: `2026-11-24T${t}:30Z` });
    const first = json(eventBody({ call_id: "CA-name-1", from: caller, contact_name: "Jo", ...at("10:00") }));
    expect((await post(signedRequest(first, { id: "evt_name_1" }))).status).toBe(202);
    expect((await post(signedRequest(json(eventBody({ call_id: "CA-name-2", from: caller, contact_name: "Joanne", ...at("11:00") }))))).status).toBe(202);
    const contactOf = async () => (await db.select().from(contacts).where(eq(contacts.phone, caller)))[0]!;
    const after = await contactOf();
    expect(after).toMatchObject({ name: "Joanne", saved: false, lastCallAt: new Date("2026-11-24T11:00:30Z") });

    // The platform redelivers the first event: the contact keeps the later name and time.
    expect((await post(signedRequest(first, { id: "evt_name_1" }))).status).toBe(200);
    expect(await contactOf()).toEqual(after);
  });

  it("stores an anonymous caller without a contact", async () => {
    const res = await post(signedRequest(json(eventBody({ call_id: "CA-anon", from: "anonymous" }))));
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call).toMatchObject({ callerNumber: null, contactId: null, phoneType: "unknown", fromNumber: "anonymous" });
  });

  it("routes an outbound call by `from` and makes `to` the other party", async () => {
    const res = await post(
      signedRequest(json(eventBody({ call_id: "CA-out", direction: "outbound", from: AGENT, to: "+61298765432" }))),
    );
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call).toMatchObject({ agentNumber: AGENT, callerNumber: "+61298765432", phoneType: "landline", direction: "outbound" });
  });

  it("keeps unicode and emoji in names, summaries and transcripts", async () => {
    const body = eventBody({
      call_id: "CA-unicode",
      contact_name: "Zoë Ōtaki 👩‍💼",
      summary: "Wants to rescheduled 🏡 — ça va? 日本語もOK",
      transcript: [{ role: "caller", text: "Привет 👋", start_ms: 0, end_ms: 900 }],
    });
    const res = await post(signedRequest(json(body)));
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call!.contactNameHeard).toBe("Zoë Ōtaki 👩‍💼");
    expect(call!.summary).toBe("Wants to rescheduled 🏡 — ça va? 日本語もOK");
    expect(call!.transcript[0]!.text).toBe("Привет 👋");
  });

  describe("refuses and stores nothing", () => {
    async function refused(req: Request, status: number) {
      const before = await counts();
      const problem = await expectProblem(await post(req), status);
      expect(await counts()).toEqual(before);
      return problem;
    }

    it("401 without a signature", async () => {
      const req = new Request("http://localhost/api/v1/call-events", {
        method: "POST",
        body: json(eventBody()),
        headers: { "content-type": "application/json" },
      });
      const p = await refused(req, 401);
      expect(p.detail).toMatch(/webhook-signature/);
    });

    it("401 with a signature by another secret", async () => {
      await refused(signedRequest(json(eventBody()), { secret: `whsec_${Buffer.alloc(24, 1).toString("base64")}` }), 401);
    });

    it("401 when the body was changed after signing", async () => {
      const body = json(eventBody());
      const good = signedRequest(body);
      const tampered = new Request(good.url, { method: "POST", headers: good.headers, body: body.replace("Jane", "Jana") });
      await refused(tampered, 401);
    });

    it("401 for a timestamp more than 300 s old or ahead", async () => {
      await refused(signedRequest(json(eventBody()), { date: new Date(Date.now() - 301_000) }), 401);
      await refused(signedRequest(json(eventBody()), { date: new Date(Date.now() + 301_000) }), 401);
    });

    it("accepts a space-separated list where one signature matches (rotation)", async () => {
      const body = json(eventBody({ call_id: "CA-multi" }));
      const id = "evt_multi";
      const date = new Date();
      const good = new Webhook(TEST_SECRET).sign(id, date, body);
      const other = new Webhook(`whsec_${Buffer.alloc(24, 2).toString("base64")}`).sign(id, date, body);
      const res = await post(signedRequest(body, { id, date, headers: { "webhook-signature": `${other} ${good}` } }));
      expect(res.status).toBe(202);
    });

    it("415 for a body that is not declared as JSON", async () => {
      await refused(signedRequest(json(eventBody()), { headers: { "content-type": "text/plain" } }), 415);
      await refused(signedRequest(json(eventBody()), { headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
    });

    it("413 for a body over 1 MiB (a 2 MiB transcript), by content-length and by bytes read", async () => {
      const big = eventBody({ transcript: [{ role: "agent", text: "x".repeat(2 * 1024 * 1024), start_ms: 0, end_ms: 1 }] });
      const body = json(big);
      await refused(signedRequest(body, { headers: { "content-length": String(Buffer.byteLength(body)) } }), 413);
      // No (or a lying) content-length: a stream that keeps coming is cut off after 1 MiB.
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > 4 * 1024 * 1024) return controller.close();
          sent += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        },
      });
      const req = new Request("http://localhost/api/v1/call-events", {
        method: "POST",
        body: stream,
        // @ts-expect-error -- undici needs duplex for a streamed body
        duplex: "half",
        headers: { "content-type": "application/json", "content-length": "10" },
      });
      await refused(req, 413);
      expect(sent).toBeLessThan(2 * 1024 * 1024);
    });

    it("400 for truncated JSON", async () => {
      const p = await refused(signedRequest(json(eventBody()).slice(0, 80)), 400);
      expect(p.errors).toEqual([{ field: "(body)", message: "is not valid JSON" }]);
    });

    it("400 for valid JSON that is not an object", async () => {
      for (const body of ["[1,2]", '"call.ended"', "null", "42"]) {
        const p = await refused(signedRequest(body), 400);
        expect(p.errors?.[0]?.field).toBe("(body)");
      }
    });

    it("400 when `type` is missing", async () => {
      const p = await refused(signedRequest(json({ data: eventBody().data })), 400);
      expect(p.errors?.map((e) => e.field)).toEqual(["type"]);
    });

    it("422 for an unknown type", async () => {
      const p = await refused(signedRequest(json(eventBody({}, { type: "call.started" }))), 422);
      expect(p.errors?.map((e) => e.field)).toEqual(["type"]);
    });

    it("400 naming each bad field", async () => {
      const body = eventBody({
        to: "0290001234",
        from: "12345",
        status: "done",
        direction: "sideways",
        recording_url: "http://recordings.example.com/1.mp3",
        started_at: "yesterday",
      });
      const p = await refused(signedRequest(json(body)), 400);
      expect(p.errors?.map((e) => e.field).sort()).toEqual(
        ["data.direction", "data.from", "data.recording_url", "data.started_at", "data.status", "data.to"].sort(),
      );
      expect(p.errors?.find((e) => e.field === "data.recording_url")?.message).toMatch(/https/);
      expect(p.errors?.find((e) => e.field === "data.to")?.message).toMatch(/E\.164/);
    });

    it("400 when ended_at is before started_at", async () => {
      const p = await refused(signedRequest(json(eventBody({ ended_at: "2026-11-24T08:59:59Z" }))), 400);
      expect(p.errors).toEqual([{ field: "data.ended_at", message: "must not be before started_at" }]);
    });

    it("400 for transcript entries out of order, negative, or ending before they start", async () => {
      const p = await refused(
        signedRequest(
          json(
            eventBody({
              transcript: [
                { role: "agent", text: "a", start_ms: 5000, end_ms: 6000 },
                { role: "caller", text: "b", start_ms: 1000, end_ms: 2000 },
                { role: "agent", text: "c", start_ms: -5, end_ms: 7000 },
                { role: "robot", text: "d", start_ms: 8000, end_ms: 7000 },
              ],
            }),
          ),
        ),
        400,
      );
      const fields = p.errors?.map((e) => e.field);
      expect(fields).toContain("data.transcript[1].start_ms");
      expect(fields).toContain("data.transcript[2].start_ms");
      expect(fields).toContain("data.transcript[3].role");
      expect(fields).toContain("data.transcript[3].end_ms");
    });

    it("422 when the agent number is no account's", async () => {
      const p = await refused(signedRequest(json(eventBody({ to: "+61299999999" }))), 422);
      expect(p.errors).toEqual([{ field: "data.to", message: "is not a registered agent number" }]);
      const out = await refused(
        signedRequest(json(eventBody({ direction: "outbound", from: "+61299999999", to: "+61412345678" }))),
        422,
      );
      expect(out.errors?.[0]?.field).toBe("data.from");
    });

    it("503 with retry-after and nothing partial when the database fails mid-transaction", async () => {
      // A real failure inside the transaction: after the call and the contact are written, inserting
      // a delivery raises. Everything before it must roll back.
      await db.execute(sql`create function fail_delivery() returns trigger language plpgsql as $$
        begin raise exception 'simulated failure'; end $$`);
      await db.execute(sql`create trigger fail_delivery before insert on deliveries for each row execute function fail_delivery()`);
      try {
        const before = await counts();
        const res = await post(signedRequest(json(eventBody({ call_id: "CA-fail", from: "+61434567890" }))));
        await expectProblem(res, 503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(await counts()).toEqual(before);
        expect(await db.select().from(contacts).where(eq(contacts.phone, "+61434567890"))).toHaveLength(0);
      } finally {
        await db.execute(sql`drop trigger fail_delivery on deliveries`);
      }
      // The platform's retry then succeeds.
      const retry = await post(signedRequest(json(eventBody({ call_id: "CA-fail", from: "+61434567890" }))));
      expect(retry.status).toBe(202);
    });

    it("429 with retry-after past the per-number rate limit", async () => {
      // Use up this process's window for the account, as a runaway sender would.
      for (let i = 0; i < INGEST_RATE_LIMIT.limit; i++) checkLocalRateLimit(`ingest:${AGENT}`, INGEST_RATE_LIMIT);
      try {
        const before = await counts();
        const res = await post(signedRequest(json(eventBody({ call_id: "CA-limited" }))));
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await expectProblem(res, 429)).detail).toMatch(/Too many call events/);
        expect(await counts()).toEqual(before);
      } finally {
        // A new window (a minute on) lets the account in again.
        expect(checkLocalRateLimit(`ingest:${AGENT}`, INGEST_RATE_LIMIT, Date.now() + 61_000).ok).toBe(true);
      }
    });

    it("503 with retry-after when the database is down", async () => {
      const url = process.env.DATABASE_URL!;
      await closeDb();
      process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nothing";
      resetEnvCache();
      try {
        const res = await post(signedRequest(json(eventBody())));
        await expectProblem(res, 503);
        expect(res.headers.get("retry-after")).toBeTruthy();
      } finally {
        await closeDb();
        process.env.DATABASE_URL = url;
        resetEnvCache();
      }
    });
  });
});
