import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, db } from "@/db";
import { createConnection } from "@/db/queries/connections";
import { calls } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/db/audit";
import { resetEnvCache } from "@/lib/env";
import { signedSampleEvent } from "@/lib/platforms/samples";
import { eventBody, makeAccount, signedRequest } from "@/tests/ingest-fixtures";
import { handleInbound } from "./inbound-http";
import { leanFirst } from "./lean-handoff";

/**
 * The lean inbound path over real HTTP, as scripts/server.ts composes it: a node:http server with
 * handleInbound first and a fallback behind it. Here the fallback stands in for Next.js and records
 * what reached it; e2e/lean-server.spec.ts checks the real Next.js behind the production server.
 */
const AGENT = "+61290008888";
const TWILIO_TOKEN = "twilio-test-auth-token-lean";
const PLATFORM_SECRET = "lean-vapi-secret-0123456789abcdef";
let server: Server;
let base: string;
let connectionId: string;
const fellThrough: { method: string; url: string; body: string }[] = [];

function fallback(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    fellThrough.push({ method: req.method!, url: req.url!, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ servedBy: "fallback" }));
  });
}

beforeAll(async () => {
  const { accountId } = await makeAccount(db, AGENT);
  connectionId = (await createConnection(db, accountId, { platform: "vapi", name: "Vapi line", secret: PLATFORM_SECRET }, SYSTEM_ACTOR)).id;
  server = createServer(leanFirst(() => handleInbound, fallback));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A signed call-end event as the lean server receives it: the fixture's request, sent over HTTP. */
async function postEvent(body: string, opts: Parameters<typeof signedRequest>[1] = {}) {
  const signed = signedRequest(body, opts);
  return fetch(`${base}/api/v1/call-events`, { method: "POST", headers: signed.headers, body });
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { status: number; detail: string };
  expect(body.status).toBe(status);
  return body;
}

const callCount = async () => (await db.execute<{ n: number }>(sql`select count(*)::int as n from calls`))[0]!.n;

describe("the lean inbound path over HTTP", () => {
  it("stores a signed call event (202), answers its redelivery 200 with the same call, with the app's security headers", async () => {
    const body = JSON.stringify(eventBody({ call_id: "CA-lean-1", to: AGENT, from: "+61411000001" }));
    const first = await postEvent(body, { id: "evt_lean_1" });
    expect(first.status).toBe(202);
    // Written as data (lib/ingest/reply.ts), with the headers Response.json would have given it.
    expect(first.headers.get("content-type")).toBe("application/json");
    expect(Number(first.headers.get("content-length"))).toBeGreaterThan(0);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    const { call_id } = (await first.json()) as { call_id: string };
    const again = await postEvent(body, { id: "evt_lean_1" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { call_id: string }).call_id).toBe(call_id);
    expect(await db.select().from(calls).where(eq(calls.externalId, "CA-lean-1"))).toHaveLength(1);
    expect(fellThrough).toHaveLength(0);
  });

  it("refuses as the route does, as problem+json, storing nothing: 415, 401, 400", async () => {
    const before = await callCount();
    const body = JSON.stringify(eventBody({ call_id: "CA-lean-bad", to: AGENT }));
    await expectProblem(await postEvent(body, { headers: { "content-type": "text/plain" } }), 415);
    const forged = await expectProblem(await postEvent(body, { secret: `whsec_${Buffer.alloc(24, 1).toString("base64")}` }), 401);
    expect(forged.detail).toMatch(/does not match/);
    await expectProblem(await postEvent("{not json"), 400);
    expect(await callCount()).toBe(before);
  });

  it("413 on a declared length over 1 MiB, and while reading a chunked body: answered before the sender is done", async () => {
    const big = "x".repeat(1024 * 1024 + 1);
    await expectProblem(await postEvent(big), 413);

    // No content-length: the handler counts what arrives and refuses once past the limit.
    const { status, contentType, sent } = await new Promise<{ status: number; contentType: string; sent: number }>((resolve, reject) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      let answered = false;
      const req = httpRequest(`${base}/api/v1/call-events`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" } });
      req.on("response", (res) => {
        answered = true;
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode!, contentType: String(res.headers["content-type"]), sent }));
      });
      req.on("error", (error) => (answered ? undefined : reject(error)));
      const pump = () => {
        if (answered) return req.destroy();
        if (sent >= 8 * 1024 * 1024) return req.end();
        sent += chunk.length;
        req.write(chunk, () => setTimeout(pump, 1));
      };
      pump();
    });
    expect(status).toBe(413);
    expect(contentType).toBe("application/problem+json");
    expect(sent).toBeLessThan(8 * 1024 * 1024);
  });

  it("503 with retry-after when the database is down", async () => {
    const url = process.env.DATABASE_URL!;
    await closeDb();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nothing";
    resetEnvCache();
    try {
      const res = await postEvent(JSON.stringify(eventBody({ call_id: "CA-lean-down", to: AGENT })));
      await expectProblem(res, 503);
      expect(res.headers.get("retry-after")).toBeTruthy();
    } finally {
      await closeDb();
      process.env.DATABASE_URL = url;
      resetEnvCache();
    }
  });

  it("a voice platform's connection URL: Vapi's signed end-of-call report stored once (202, then 200); an unknown connection 404", async () => {
    const event = signedSampleEvent("vapi", { secret: PLATFORM_SECRET, externalId: "vapi-lean-1", agentNumber: AGENT, callerNumber: "+61411000002" });
    const url = `${base}/api/v1/inbound/${connectionId}`;
    const first = await fetch(url, { method: "POST", headers: event.headers, body: event.body });
    expect(first.status).toBe(202);
    const again = await fetch(url, { method: "POST", headers: event.headers, body: event.body });
    expect(again.status).toBe(200);
    expect(await db.select().from(calls).where(eq(calls.externalId, "vapi-lean-1"))).toHaveLength(1);
    const forged = await fetch(url, { method: "POST", headers: { ...event.headers, "x-vapi-secret": "wrong" }, body: event.body });
    await expectProblem(forged, 401);
    const unknown = await fetch(`${base}/api/v1/inbound/con_${"0".repeat(20)}`, { method: "POST", headers: event.headers, body: event.body });
    await expectProblem(unknown, 404);
  });

  it("Twilio's status callback, signed for APP_URL: a terminal status stored (202), a non-terminal one 204", async () => {
    process.env.TWILIO_AUTH_TOKEN = TWILIO_TOKEN;
    resetEnvCache();
    try {
      const send = (p: Record<string, string>) =>
        fetch(`${base}/api/v1/twilio/voice-status`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${process.env.APP_URL}/api/v1/twilio/voice-status`, p),
          },
          body: new URLSearchParams(p).toString(),
        });
      const p = { CallSid: "CAleantwilio1", From: "+61411000003", To: AGENT, Direction: "inbound", CallStatus: "completed", CallDuration: "30" };
      expect((await send(p)).status).toBe(202);
      expect((await send({ ...p, CallStatus: "ringing" })).status).toBe(204);
    } finally {
      delete process.env.TWILIO_AUTH_TOKEN;
      resetEnvCache();
    }
  });

  it("everything else reaches the server behind it untouched: pages, other APIs, other methods and deeper paths", async () => {
    fellThrough.length = 0;
    const before = await callCount();
    const answers = await Promise.all([
      fetch(`${base}/login?next=%2Fcalls`),
      fetch(`${base}/api/v1/call-events`),
      fetch(`${base}/api/v1/contacts`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"phone":"+61411000004"}' }),
      fetch(`${base}/api/v1/inbound/${connectionId}/extra`, { method: "POST", body: "{}" }),
      fetch(`${base}/api/v1/call-events/`, { method: "POST", body: "{}" }),
    ]);
    for (const res of answers) expect(await res.json()).toEqual({ servedBy: "fallback" });
    expect(fellThrough.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      [
        "GET /login?next=%2Fcalls",
        "GET /api/v1/call-events",
        "POST /api/v1/contacts",
        `POST /api/v1/inbound/${connectionId}/extra`,
        "POST /api/v1/call-events/",
      ].sort(),
    );
    expect(fellThrough.find((r) => r.url === "/api/v1/contacts")?.body).toBe('{"phone":"+61411000004"}');
    expect(await callCount()).toBe(before);
  });
});
