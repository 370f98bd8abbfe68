import { createHmac } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import twilio from "twilio";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { resetEnvCache } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { newId } from "@/lib/ids";
import { eventBody, makeAccount, signedRequest } from "@/tests/ingest-fixtures";
import { POST as callEvents } from "@/app/api/v1/call-events/route";
import { POST as twilioStatus } from "@/app/api/v1/twilio/voice-status/route";
import { GET as listCalls } from "@/app/api/v1/calls/route";
import { GET as getCall } from "@/app/api/v1/calls/[id]/route";
import { GET as listContacts, POST as createContact } from "@/app/api/v1/contacts/route";
import { DELETE as deleteContact, GET as getContact, PATCH as patchContact } from "@/app/api/v1/contacts/[id]/route";
import { GET as getActions, PUT as putActions } from "@/app/api/v1/post-call-actions/route";
import { GET as listDeliveries } from "@/app/api/v1/webhook-deliveries/route";
import { POST as resendDelivery } from "@/app/api/v1/webhook-deliveries/[id]/resend/route";
import { GET as getWebhookSecret } from "@/app/api/v1/webhook-secret/route";
import { POST as postWebhookTest } from "@/app/api/v1/webhook-test/route";

/**
 * Bad-input corpus and property-based fuzzing of everything that takes input from outside: the signed
 * call-end endpoint, the Twilio adapter and the public API. The property is the same everywhere: the
 * answer is a 2xx or a precise 4xx problem+json (never a 5xx), and a refused request stores nothing.
 * Figures: see RUNS; every run is one request.
 */
const AGENT = "+61290005555";
const TWILIO_TOKEN = "twilio-fuzz-token-0123456789";
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
let accountId: string;
let apiKey: string;
let viewerKey: string;
let contactId: string;
let callId: string;
let tried = 0;

beforeAll(async () => {
  process.env.TWILIO_AUTH_TOKEN = TWILIO_TOKEN;
  resetEnvCache();
  ({ accountId } = await makeAccount(db, AGENT, { actions: [{ channel: "webhook", destination: "https://example.com/hook" }] }));
  apiKey = (await createApiKey(db, accountId, { name: "fuzz", role: "owner", createdBy: null, actor: { userId: null, label: "test" } })).key;
  viewerKey = (await createApiKey(db, accountId, { name: "fuzz-viewer", role: "viewer", createdBy: null, actor: { userId: null, label: "test" } })).key;
  const first = await callEvents(signedRequest(JSON.stringify(eventBody({ to: AGENT }))), undefined as never);
  expect(first.status).toBe(202);
  callId = ((await first.json()) as { call_id: string }).call_id;
  const [c] = await db.execute<{ id: string }>(sql`select id from contacts where account_id = ${accountId} limit 1`);
  contactId = c!.id;
});
beforeEach(async () => {
  await db.execute(sql`delete from rate_limits`);
});
afterAll(async () => {
  delete process.env.TWILIO_AUTH_TOKEN;
  resetEnvCache();
  await stopBoss();
  console.info(`bad-input fuzzing: ${tried} requests tried`);
});

/** Everything a refused request must leave alone. */
async function stored() {
  const [row] = await db.execute<Record<string, string>>(sql`
    select (select count(*) from calls)::text as calls,
           (select count(*) from deliveries)::text as deliveries,
           (select coalesce(string_agg(id || ':' || coalesce(name, '') || ':' || phone || ':' || coalesce(email, '') || ':' || saved::text, ',' order by id), '') from contacts) as contacts,
           (select count(*) from pgboss.job)::text as jobs,
           (select coalesce(string_agg(id || ':' || destination || ':' || enabled::text, ',' order by id), '') from post_call_actions) as actions,
           (select actions_version::text from accounts where id = ${accountId}) as version,
           (select count(*) from audit_log)::text as audit,
           (select count(*) from credit_ledger)::text as ledger`);
  return row!;
}

/**
 * Sends one request and checks the property. `changes` says what a 2xx may legitimately change
 * (nothing for reads).
 */
async function check(send: () => Promise<Response>, opts: { writes?: boolean } = {}) {
  tried++;
  const before = await stored();
  const res = await send();
  const text = await res.text();
  const where = `${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  expect(res.status, where).toBeGreaterThanOrEqual(200);
  if (res.status >= 400) {
    expect(res.headers.get("content-type"), where).toBe("application/problem+json");
    const body = JSON.parse(text) as { status: number; title: string; detail: string };
    expect(body.status, where).toBe(res.status);
    expect(typeof body.detail, where).toBe("string");
    expect(body.detail.length, where).toBeGreaterThan(0);
    expect(body.detail, where).not.toMatch(/Something went wrong/);
    expect(await stored(), where).toEqual(before);
  } else if (!opts.writes) {
    expect(await stored(), where).toEqual(before);
  }
  return res.status;
}

// ── generators ──────────────────────────────────────────────────────────────────────────────────

/** Strings with everything that trips parsers and databases: NUL, lone surrogates, RTL marks, huge. */
const nastyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfff", "\ud83d", "\u202e+61412345678", "\ufeff", "\\u0000", "%00", "' or 1=1 --", "<script>", "../../etc/passwd", "${x}", "NaN", "-0", "1e400"),
  fc.integer({ min: 1_000, max: 1_200_000 }).map((n) => "x".repeat(n)),
);

/** Any JSON-ish value, including wrong types for every field. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.double(),
  fc.integer(),
  fc.bigInt().map((b) => Number(b)),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 }),
);

/** `depth` levels of [[[…]]] or {"a":{"a":…}}: recursion and stack depth. */
const deepNesting = fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean()).map(([depth, arr]) =>
  arr ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth),
);

const EVENT_FIELDS = ["call_id", "to", "from", "direction", "status", "started_at", "ended_at", "contact_name", "summary", "transcript", "recording_url"];

/** A call.ended event for our agent number with some fields replaced by anything at all. */
const mutatedEvent = fc
  .tuple(fc.uniqueArray(fc.constantFrom(...EVENT_FIELDS), { minLength: 1, maxLength: 4 }), fc.array(anyValue, { minLength: 4, maxLength: 4 }), fc.boolean())
  .map(([fields, values, dropInstead]) => {
    const body = eventBody({ to: AGENT, call_id: newId("CA") }) as { data: Record<string, unknown> };
    fields.forEach((f, i) => {
      if (dropInstead && i === 0) delete body.data[f];
      else body.data[f] = values[i];
    });
    return JSON.stringify(body);
  });

/** Transcript entries of the wrong shape, huge lists and out-of-order times. */
const badTranscript = fc
  .array(
    fc.record({ role: fc.oneof(fc.constantFrom("agent", "caller"), anyValue), text: fc.oneof(fc.string(), anyValue), start_ms: fc.oneof(fc.nat(), anyValue), end_ms: fc.oneof(fc.nat(), anyValue) }, { requiredKeys: [] }),
    { maxLength: 30 },
  )
  .map((t) => JSON.stringify(eventBody({ to: AGENT, call_id: newId("CA"), transcript: t })));

/** Envelopes that are not what we expect. */
const badEnvelope = fc.oneof(
  anyValue.map((v) => JSON.stringify(v) ?? "null"),
  fc.record({ type: anyValue, data: anyValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.constantFrom("call.started", "CALL.ENDED", "call.ended ", "").map((type) => JSON.stringify(eventBody({ to: AGENT }, { type }))),
);

/** Bodies that are not JSON at all, or are JSON with broken bytes. */
const malformedBytes = fc.oneof(
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.constantFrom("{", '{"type":', "[1,2", "{'type':'call.ended'}", "\ufeff{}", '{"type":"call.ended","data":{}}garbage', "nul\u0000l", "").map((s) => Buffer.from(s)),
  // Valid JSON around invalid UTF-8 (lone continuation bytes, overlong encodings, a raw surrogate).
  fc.constantFrom([0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80]).map((bad) => {
    const json = JSON.stringify(eventBody({ to: AGENT, call_id: newId("CA"), contact_name: "@@" }));
    const [a, b] = json.split("@@") as [string, string];
    return Buffer.concat([Buffer.from(a), Buffer.from(bad), Buffer.from(b)]);
  }),
);

const signed = (body: string | Buffer, headers: Record<string, string> = {}, date?: Date) =>
  callEvents(signedRequest(body as string, { headers, date }), undefined as never);

describe("POST /api/v1/call-events — bad input", () => {
  it("malformed JSON and broken bytes (signed): 400, nothing stored", async () => {
    await fc.assert(
      fc.asyncProperty(malformedBytes, async (bytes) => {
        // Sign the exact bytes with the official package (it takes a string; latin1 keeps bytes 1:1 only
        // for ASCII, so sign through a Request whose body is the bytes and whose signature is over them).
        const status = await check(() => callEvents(signedBytes(bytes), undefined as never));
        expect([400, 422]).toContain(status);
      }),
      { numRuns: RUNS },
    );
  });

  it("wrong types, missing and huge fields, nasty strings in a signed call.ended: 2xx or a precise 4xx", async () => {
    await fc.assert(fc.asyncProperty(mutatedEvent, async (body) => void (await check(() => signed(body), { writes: true }))), { numRuns: RUNS });
  });

  it("bad transcripts and envelopes: 2xx or a precise 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(badTranscript, badEnvelope), async (body) => void (await check(() => signed(body), { writes: true }))),
      { numRuns: RUNS },
    );
  });

  it("NUL, lone surrogates and control characters in every string field: 2xx or a precise 4xx", async () => {
    const values = ["a\u0000b", "\ud800", "x\udfff", "\ud83d\ude00", "\u001b[31m", "\u202e", "\ufffe"];
    for (const v of values) {
      for (const field of ["call_id", "contact_name", "summary", "recording_url", "transcript"]) {
        const value = field === "transcript" ? [{ role: "caller", text: v, start_ms: 0, end_ms: 1 }] : field === "call_id" ? `CA${v}${newId("x")}` : v;
        await check(() => signed(JSON.stringify(eventBody({ to: AGENT, [field]: value }))), { writes: true });
      }
      // Inside the envelope and as an object key too.
      await check(() => signed(JSON.stringify({ ...eventBody({ to: AGENT }), type: `call.ended${v}`, [v]: v })), { writes: true });
    }
  });

  it("deep nesting (up to 20,000 levels) is refused with 400 without exhausting the stack", async () => {
    await fc.assert(
      fc.asyncProperty(deepNesting, fc.boolean(), async (nested, inData) => {
        const body = inData ? `{"type":"call.ended","data":${nested}}` : nested;
        expect(await check(() => signed(body))).toBe(400);
      }),
      { numRuns: 40 },
    );
  });

  it("a body over 1 MiB is 413, declared or not", async () => {
    const big = JSON.stringify(eventBody({ to: AGENT, summary: "x".repeat(1024 * 1024) }));
    expect(await check(() => signed(big))).toBe(413);
    expect(await check(() => signed("{}", { "content-length": String(5 * 1024 * 1024) }))).toBe(413);
  });

  it("header tampering: signature, timestamp, id and content-type — 401/415, nothing stored", async () => {
    const tamper = fc.oneof(
      fc.record({ "webhook-signature": fc.oneof(fc.string(), fc.constantFrom("v1,", "v1,AAAA", "v2,abc", "v1a,xyz", " ", "v1," + "A".repeat(10_000))) }),
      fc.record({ "webhook-timestamp": fc.oneof(fc.string(), fc.constantFrom("-1", "0", "1e10", "99999999999999999999", "NaN", " 1700000000", "1700000000.5", "")) }),
      fc.record({ "webhook-id": fc.oneof(fc.string({ minLength: 1 }), fc.constant("x".repeat(201))) }),
      fc.record({ "content-type": fc.oneof(fc.string(), fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/jsonx", "json", "application/json-patch")) }),
    );
    await fc.assert(
      fc.asyncProperty(tamper, async (headers) => {
        const body = JSON.stringify(eventBody({ to: AGENT, call_id: newId("CA") }));
        const req = signedRequest(body, {});
        const h = new Headers(req.headers);
        for (const [k, v] of Object.entries(headers)) {
          // Headers refuse some characters; those could not reach us over HTTP either.
          try {
            h.set(k, v);
          } catch {
            return;
          }
        }
        // A header value that happens to equal the original (e.g. a valid content-type) is not tampering.
        if (Object.entries(headers).every(([k, v]) => req.headers.get(k) === h.get(k) || (k === "content-type" && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(v.trim())))) return;
        const status = await check(() => callEvents(new Request(req.url, { method: "POST", headers: h, body }), undefined as never));
        expect([400, 401, 415]).toContain(status);
      }),
      { numRuns: RUNS },
    );
    // Missing headers, one at a time.
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type"]) {
      const req = signedRequest(JSON.stringify(eventBody({ to: AGENT })));
      const h = new Headers(req.headers);
      h.delete(name);
      const status = await check(() => callEvents(new Request(req.url, { method: "POST", headers: h, body: JSON.stringify(eventBody({ to: AGENT })) }), undefined as never));
      expect(status).toBe(name === "content-type" ? 415 : 401);
    }
  });

  it("replayed and future timestamps: 401 outside ±5 min; a replay inside it is a 200 duplicate, stored once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 301, max: 10 * 365 * 86400 }), fc.boolean(), async (offset, future) => {
        const date = new Date(Date.now() + (future ? offset : -offset) * 1000);
        const status = await check(() => signed(JSON.stringify(eventBody({ to: AGENT, call_id: newId("CA") })), {}, date));
        expect(status).toBe(401);
      }),
      { numRuns: 60 },
    );
    const body = JSON.stringify(eventBody({ to: AGENT, call_id: newId("CA") }));
    const id = newId("evt");
    const first = await callEvents(signedRequest(body, { id }), undefined as never);
    expect(first.status).toBe(202);
    const before = await stored();
    for (let i = 0; i < 5; i++) {
      const again = await callEvents(signedRequest(body, { id }), undefined as never);
      expect(again.status).toBe(200);
    }
    expect(await stored()).toEqual(before);
    // The same id with another body (a replay with tampered content) changes nothing either.
    const tampered = JSON.stringify(eventBody({ to: AGENT, call_id: newId("CA"), summary: "changed" }));
    expect((await callEvents(signedRequest(tampered, { id }), undefined as never)).status).toBe(200);
    expect(await stored()).toEqual(before);
  });
});

/** A request whose body is exactly `bytes`, signed over those bytes (Standard Webhooks, by hand: v1 = HMAC-SHA256). */
function signedBytes(bytes: Buffer) {
  const secret = Buffer.from(process.env.TELEPHONY_WEBHOOK_SECRET!.replace(/^whsec_/, ""), "base64");
  const id = newId("evt");
  const ts = String(Math.floor(Date.now() / 1000));
  const mac = createHmac("sha256", secret).update(Buffer.concat([Buffer.from(`${id}.${ts}.`), bytes])).digest("base64");
  return new Request("http://localhost:3000/api/v1/call-events", {
    method: "POST",
    body: new Uint8Array(bytes),
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": `v1,${mac}` },
  });
}

// ── Twilio adapter ──────────────────────────────────────────────────────────────────────────────

const TWILIO_URL = "http://localhost:3000/api/v1/twilio/voice-status";

function twilioRequest(params: Record<string, string>, opts: { signature?: string; contentType?: string; body?: string } = {}) {
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(TWILIO_TOKEN, TWILIO_URL, params);
  return new Request(TWILIO_URL, {
    method: "POST",
    body: opts.body ?? new URLSearchParams(params).toString(),
    headers: { "content-type": opts.contentType ?? "application/x-www-form-urlencoded", "x-twilio-signature": signature },
  });
}

const twilioParams = fc
  .record(
    {
      CallSid: fc.oneof(fc.constant(newId("CA")), nastyString),
      From: fc.oneof(fc.constant("+61412345678"), fc.constantFrom("Anonymous", "client:alice", "sip:x@y", ""), nastyString),
      To: fc.oneof(fc.constant(AGENT), nastyString),
      Direction: fc.oneof(fc.constantFrom("inbound", "outbound-api", "outbound-dial"), nastyString),
      CallStatus: fc.oneof(fc.constantFrom("completed", "busy", "no-answer", "failed", "canceled", "ringing", "in-progress"), nastyString),
      CallDuration: fc.oneof(fc.nat().map(String), fc.constantFrom("-5", "1e9", "99999999999999999999", "NaN", "")),
      Timestamp: fc.oneof(fc.constantFrom("Tue, 24 Nov 2026 09:03:12 +0000", "garbage", "0", "+275760-09-13T00:00:00Z", "-271821-04-20T00:00:00Z"), fc.string()),
      CallerName: nastyString,
      RecordingUrl: fc.oneof(fc.constantFrom("https://api.twilio.com/rec.mp3", "https://", "javascript:alert(1)"), nastyString),
    },
    { requiredKeys: [] },
  )
  // Twilio posts form fields; a large one is cut by the 64 KiB cap, so keep single values modest.
  .map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v).slice(0, 5_000)])));

describe("POST /api/v1/twilio/voice-status — bad input", () => {
  it("signed callbacks with any fields: 2xx or a precise 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(twilioParams, async (p) => {
        if (p.CallSid !== undefined && p.CallSid.length < 200) p.CallSid = `${p.CallSid}${newId("x")}`; // fresh event ids
        await check(() => twilioStatus(twilioRequest(p), undefined as never), { writes: true });
      }),
      { numRuns: RUNS },
    );
  });

  it("tampered signature, content-type and raw bodies: 403/413/415, nothing stored", async () => {
    const p = { CallSid: newId("CA"), From: "+61412345678", To: AGENT, CallStatus: "completed", CallDuration: "30" };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ signature: fc.oneof(fc.string(), fc.base64String()) }),
          fc.record({ contentType: fc.constantFrom("application/json", "text/plain", "multipart/form-data", "") }),
          fc.record({ body: fc.oneof(fc.string({ unit: "binary" }), fc.constant("a=%ZZ&b=%E0%A4%A"), fc.constant("x=" + "y".repeat(70_000))) }),
        ),
        async (opts) => {
          const status = await check(() => twilioStatus(twilioRequest(p, opts), undefined as never));
          expect([403, 413, 415]).toContain(status);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

// ── Public API ──────────────────────────────────────────────────────────────────────────────────

const API = "http://localhost:3000/api/v1";
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const authed = (key: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) } });

const anyId = fc.oneof(nastyString, fc.constantFrom("call_", "ctc_", "dlv_", "' or '1'='1", "%", "_", "null", "undefined", "../calls"));
const queryParams = fc.dictionary(fc.constantFrom("cursor", "limit", "status", "q", "saved", "sort", "x"), fc.oneof(nastyString, fc.integer().map(String), fc.constantFrom("-1", "0", "101", "1e3", "NaN", "eyJ4Ijoxfq", "Zm9v")), { maxKeys: 4 });
const jsonBody = fc.oneof(anyValue.map((v) => JSON.stringify(v) ?? "null"), fc.dictionary(fc.constantFrom("name", "phone", "email", "company", "notes", "version", "actions", "saved"), anyValue).map((v) => JSON.stringify(v)), malformedBytes.map((b) => b.toString("latin1")));

describe("public API — bad input", () => {
  it("a cursor we did not make is a 400 naming `cursor` on every list (never a silent first page)", async () => {
    const foreign = Buffer.from(JSON.stringify({ createdAt: "not a date", id: "x" })).toString("base64url");
    for (const route of [listCalls, listContacts, listDeliveries]) {
      for (const cursor of ["Zm9v", "eyJ4Ijoxfq", foreign]) {
        const res = await route(new Request(`${API}/x?cursor=${cursor}`, authed(apiKey)), undefined as never);
        expect(res.status, `${cursor}`).toBe(400);
        expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["cursor"]);
      }
    }
  });

  it("GET lists with any query string: 200 or 400", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(listCalls, listContacts, listDeliveries), queryParams, async (route, q) => {
        const url = `${API}/x?${new URLSearchParams(q as Record<string, string>).toString()}`;
        const status = await check(() => route(new Request(url, authed(apiKey)), undefined as never));
        expect([200, 400]).toContain(status);
      }),
      { numRuns: RUNS },
    );
  });

  it("any id on GET/PATCH/DELETE/resend: 404 (or 400/403), never a 5xx, nothing changed", async () => {
    await fc.assert(
      fc.asyncProperty(anyId, fc.constantFrom("call", "contact", "patch", "delete", "resend"), async (id, which) => {
        const send = {
          call: () => getCall(new Request(`${API}/calls/x`, authed(apiKey)), ctx(id)),
          contact: () => getContact(new Request(`${API}/contacts/x`, authed(apiKey)), ctx(id)),
          patch: () => patchContact(new Request(`${API}/contacts/x`, authed(apiKey, { method: "PATCH", body: '{"name":"X"}', headers: { "content-type": "application/json" } })), ctx(id)),
          delete: () => deleteContact(new Request(`${API}/contacts/x`, authed(apiKey, { method: "DELETE" })), ctx(id)),
          resend: () => resendDelivery(new Request(`${API}/webhook-deliveries/x/resend`, authed(apiKey, { method: "POST" })), ctx(id)),
        }[which];
        const status = await check(send);
        expect([400, 404]).toContain(status);
      }),
      { numRuns: RUNS },
    );
  });

  it("any JSON body on POST /contacts, PATCH /contacts/{id} and PUT /post-call-actions: 2xx or a precise 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("create", "patch", "put"), jsonBody, fc.constantFrom("application/json", "application/merge-patch+json", "text/plain"), async (which, body, type) => {
        const init = (method: string) => authed(apiKey, { method, body, headers: { "content-type": type } });
        const send = {
          create: () => createContact(new Request(`${API}/contacts`, init("POST")), undefined as never),
          patch: () => patchContact(new Request(`${API}/contacts/x`, init("PATCH")), ctx(contactId)),
          put: () => putActions(new Request(`${API}/post-call-actions`, init("PUT")), undefined as never),
        }[which];
        await check(send, { writes: true });
      }),
      { numRuns: RUNS },
    );
  });

  it("authorization tampering: 401 (or 403 for a viewer writing), nothing changed", async () => {
    const header = fc.oneof(
      fc.string(),
      fc.constantFrom("Bearer", "Bearer ", "bearer " + "ak_" + "x".repeat(43), "Basic dXNlcjpwYXNz", `Bearer ${"ak_".padEnd(5000, "A")}`),
      fc.string({ minLength: 20, maxLength: 60 }).map((s) => `Bearer ak_${s}`),
    );
    await fc.assert(
      fc.asyncProperty(header, fc.constantFrom(["GET", getActions], ["GET", getWebhookSecret], ["POST", postWebhookTest], ["GET", listCalls]) as fc.Arbitrary<[string, typeof getActions]>, async (h, [method, route]) => {
        const headers = new Headers();
        try {
          headers.set("authorization", h);
        } catch {
          return;
        }
        const status = await check(() => route(new Request(`${API}/x`, { method, headers }), undefined as never));
        expect(status).toBe(401);
      }),
      { numRuns: RUNS },
    );
    const viewerPut = () =>
      putActions(new Request(`${API}/post-call-actions`, authed(viewerKey, { method: "PUT", body: '{"version":0,"actions":[]}', headers: { "content-type": "application/json" } })), undefined as never);
    expect(await check(viewerPut)).toBe(403);
    expect(await check(() => getCall(new Request(`${API}/calls/x`, authed(apiKey)), ctx(callId)))).toBe(200);
  });
});
