import { eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { calls, deliveries } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { makeAccount } from "@/tests/ingest-fixtures";
import { POST } from "./route";

const TOKEN = "twilio-test-auth-token-123";
const AGENT = "+61290007777";
const PUBLIC_URL = "http://localhost:3000/api/v1/twilio/voice-status";

beforeAll(async () => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  resetEnvCache();
  await makeAccount(db, AGENT, { actions: [{ channel: "sms", destination: "+61400000001" }] });
});
afterEach(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.TWILIO_AUTH_TOKEN;
  resetEnvCache();
  await stopBoss();
});

function params(overrides: Record<string, string> = {}) {
  return {
    AccountSid: "AC00000000000000000000000000000000",
    CallSid: `CA${Math.random().toString(16).slice(2)}`,
    From: "+61412345678",
    To: AGENT,
    Direction: "inbound",
    CallStatus: "completed",
    CallDuration: "95",
    Timestamp: "Tue, 24 Nov 2026 09:03:12 +0000",
    ...overrides,
  };
}

/** Signed by twilio's own helper, for the public URL (what Twilio called), whatever host we are reached at. */
function twilioRequest(p: Record<string, string>, opts: { signUrl?: string; requestUrl?: string; signature?: string } = {}) {
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(TOKEN, opts.signUrl ?? PUBLIC_URL, p);
  return new Request(opts.requestUrl ?? "http://10.0.0.5:8080/api/v1/twilio/voice-status", {
    method: "POST",
    body: new URLSearchParams(p).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
  });
}

const post = (r: Request) => POST(r, undefined as never);

describe("POST /api/v1/twilio/voice-status", () => {
  it("stores a completed call through the same pipeline (202), validated against APP_URL + path, not the request URL", async () => {
    const p = params();
    const res = await post(twilioRequest(p));
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    const [call] = await db.select().from(calls).where(eq(calls.id, call_id));
    expect(call).toMatchObject({
      eventId: `twilio:${p.CallSid}`,
      externalId: p.CallSid,
      status: "completed",
      durationSeconds: 95,
      callerNumber: "+61412345678",
      endedAt: new Date("2026-11-24T09:03:12Z"),
    });
    expect(await db.select().from(deliveries).where(eq(deliveries.callId, call_id))).toHaveLength(1);
  });

  it("answers Twilio's retry of the same callback with 200 and the same call_id", async () => {
    const p = params();
    const first = (await (await post(twilioRequest(p))).json()) as { call_id: string };
    const again = await post(twilioRequest(p));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    expect(await db.select().from(calls).where(eq(calls.externalId, p.CallSid))).toHaveLength(1);
  });

  it.each(["busy", "no-answer", "failed", "canceled"])("maps the terminal status %s", async (status) => {
    const p = params({ CallStatus: status, CallDuration: "0" });
    const res = await post(twilioRequest(p));
    expect(res.status).toBe(202);
    const [call] = await db.select().from(calls).where(eq(calls.externalId, p.CallSid));
    expect(call!.status).toBe(status);
  });

  it.each(["queued", "ringing", "in-progress", "initiated"])("answers 204 to the non-terminal status %s and stores nothing", async (status) => {
    const p = params({ CallStatus: status });
    const res = await post(twilioRequest(p));
    expect(res.status).toBe(204);
    expect(await db.select().from(calls).where(eq(calls.externalId, p.CallSid))).toHaveLength(0);
  });

  it("maps an outbound call (agent is From) and a withheld caller ID", async () => {
    const out = params({ Direction: "outbound-api", From: AGENT, To: "+61298765432" });
    expect((await post(twilioRequest(out))).status).toBe(202);
    const [o] = await db.select().from(calls).where(eq(calls.externalId, out.CallSid));
    expect(o).toMatchObject({ direction: "outbound", callerNumber: "+61298765432" });

    const anon = params({ From: "Anonymous" });
    expect((await post(twilioRequest(anon))).status).toBe(202);
    const [a] = await db.select().from(calls).where(eq(calls.externalId, anon.CallSid));
    expect(a).toMatchObject({ fromNumber: "anonymous", callerNumber: null });
  });

  it("403 for a bad signature, a signature for another URL, or none; nothing stored", async () => {
    const p = params();
    expect((await post(twilioRequest(p, { signature: "bm90IGEgc2lnbmF0dXJl" }))).status).toBe(403);
    // Signed for the proxied URL the request arrived on: Twilio never signs that, so it is refused.
    const proxied = "http://10.0.0.5:8080/api/v1/twilio/voice-status";
    expect((await post(twilioRequest(p, { signUrl: proxied, requestUrl: proxied }))).status).toBe(403);
    const tampered = twilioRequest(p);
    const changed = new Request(tampered.url, {
      method: "POST",
      headers: tampered.headers,
      body: new URLSearchParams({ ...p, CallDuration: "9999" }).toString(),
    });
    expect((await post(changed)).status).toBe(403);
    expect(await db.select().from(calls).where(eq(calls.externalId, p.CallSid))).toHaveLength(0);
  });

  it("422 for a number that is no account's", async () => {
    const res = await post(twilioRequest(params({ To: "+61299990000" })));
    expect(res.status).toBe(422);
  });

  it("400 naming the missing fields", async () => {
    const p = params();
    delete (p as Partial<typeof p>).CallSid;
    const res = await post(twilioRequest(p));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toContain("CallSid");
  });

  it("a clear 404 problem when Twilio is not configured", async () => {
    delete process.env.TWILIO_AUTH_TOKEN;
    resetEnvCache();
    const res = await post(twilioRequest(params()));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/TWILIO_AUTH_TOKEN/);
  });

  it("415 for a JSON body", async () => {
    const r = new Request(PUBLIC_URL, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect((await post(r)).status).toBe(415);
  });
});
