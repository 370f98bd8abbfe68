import { Webhook } from "standardwebhooks";
import { E2E_ENV } from "./env";
import { expect, test } from "./fixtures";

/**
 * The production server as `npm start` runs it (scripts/server.ts): the inbound routes answered by the
 * lean path, everything else by Next.js — on one port. lib/server/inbound-http.db.test.ts covers the
 * lean path's behaviour in detail; this checks the real composition.
 */
function signed(body: string, id: string) {
  const now = new Date();
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(E2E_ENV.TELEPHONY_WEBHOOK_SECRET!).sign(id, now, body),
  };
}

test("one port: call events through the lean path, pages and other APIs through Next.js", async ({ request, sql }) => {
  const callId = `CA-lean-e2e-${Date.now()}`;
  const body = JSON.stringify({
    type: "call.ended",
    data: {
      call_id: callId,
      to: "+61290000000",
      from: "+61412000999",
      direction: "inbound",
      status: "completed",
      started_at: new Date(Date.now() - 90_000).toISOString(),
      ended_at: new Date().toISOString(),
      summary: "Asked about the lean path.",
      transcript: [],
    },
  });
  const stored = await request.post("/api/v1/call-events", { headers: signed(body, `evt_${callId}`), data: body });
  expect(stored.status()).toBe(202);
  // Answered by the lean path: Next.js adds `vary: rsc, next-router-state-tree, …` to what it serves.
  expect(stored.headers()["vary"]).toBeUndefined();
  expect(stored.headers()["x-content-type-options"]).toBe("nosniff");
  expect(stored.headers()["strict-transport-security"]).toContain("max-age=");
  const again = await request.post("/api/v1/call-events", { headers: signed(body, `evt_${callId}`), data: body });
  expect(again.status()).toBe(200);
  expect((await again.json()).call_id).toBe((await stored.json()).call_id);
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from calls where external_id = ${callId}`;
  expect(row!.n).toBe(1);

  const refused = await request.post("/api/v1/call-events", { headers: { "content-type": "text/plain" }, data: body });
  expect(refused.status()).toBe(415);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");

  // Next.js still serves the rest: the same path with another method, an API, a page with its CSP.
  expect((await request.get("/api/v1/call-events")).status()).toBe(405);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(health.headers()["vary"]).toContain("rsc");
  const login = await request.get("/login");
  expect(login.status()).toBe(200);
  expect(login.headers()["content-security-policy"]).toMatch(/'nonce-/);
  expect(await login.text()).toContain("Work email");
});
