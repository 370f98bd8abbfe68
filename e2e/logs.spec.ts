import { createDecipheriv, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";
import { E2E_ENV, E2E_LOG_FILE } from "./env";
import { expect, latestMagicLink, test } from "./fixtures";

/**
 * The production server (e2e/server.ts runs it at LOG_LEVEL=debug and keeps its output in
 * E2E_LOG_FILE) after a sign-in, a call-end event, deliveries and API calls: nothing it printed holds a
 * magic link, a secret, an API key or a full phone number. Also: Auth.js's own sign-in endpoint is
 * rate-limited like the sign-in form (it used to bypass the form's limits).
 */
test("Auth.js's sign-in endpoint is limited to 5 emails per address (the form's limit), whatever the caller", async ({ page, sql }) => {
  const email = `limit-${Date.now()}@example.com`;
  const headers = { "x-forwarded-for": `203.0.113.${Date.now() % 200}` };
  for (let i = 0; i < 7; i++) {
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
    await page.request.post("/api/auth/signin/resend", { headers, form: { email, csrfToken, callbackUrl: "/" }, maxRedirects: 0 });
  }
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where to_address = ${email} and kind = 'magic_link'`;
  expect(row!.n).toBe(5);
});

test("production logs hold no magic link, secret, API key or full phone number", async ({ page, sql, signIn }) => {
  const email = `logs-${Date.now()}@example.com`;
  await signIn(email);
  const link = await latestMagicLink(sql, email);
  const token = new URL(link).searchParams.get("token")!;

  // A call-end event from a caller, signed like the platform does.
  const caller = "+61412555777";
  const body = JSON.stringify({
    type: "call.ended",
    data: {
      call_id: `CA-logs-${Date.now()}`,
      to: "+61290000000",
      from: caller,
      direction: "inbound",
      status: "completed",
      started_at: new Date(Date.now() - 120_000).toISOString(),
      ended_at: new Date().toISOString(),
      contact_name: "Logan Caller",
      summary: "Asked about logs.",
      transcript: [],
      recording_url: null,
    },
  });
  const id = `evt_logs_${Date.now()}`;
  const now = new Date();
  const signature = new Webhook(E2E_ENV.TELEPHONY_WEBHOOK_SECRET!).sign(id, now, body);
  const res = await page.request.post("/api/v1/call-events", {
    data: body,
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": signature },
  });
  expect(res.status()).toBe(202);
  // A badly signed one too (logged as a refusal, if at all).
  const forged = await page.request.post("/api/v1/call-events", {
    data: body,
    headers: { "content-type": "application/json", "webhook-id": `${id}x`, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": "v1,Zm9yZ2Vk" },
  });
  expect(forged.status()).toBe(401);

  // The public API with a real key and an unknown one.
  const key = `ak_${Buffer.alloc(32, Date.now() % 250).toString("base64url")}`;
  const [acc] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id where u.email = 'owner@example.com' limit 1`;
  await sql`insert into api_keys (id, account_id, name, prefix, key_hash, role) values (${`key_logs${Date.now()}`}, ${acc!.id}, 'logs', ${key.slice(0, 10)}, ${createHash("sha256").update(key).digest("hex")}, 'viewer')`;
  try {
    expect((await page.request.get("/api/v1/calls", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
    expect((await page.request.get("/api/v1/calls", { headers: { authorization: `Bearer ak_${"Q".repeat(43)}` } })).status()).toBe(401);

    // The in-app worker delivers whatever actions the demo account has for that call; let it log.
    await expect
      .poll(async () => (await sql<{ n: number }[]>`select count(*)::int as n from deliveries d join calls c on c.id = d.call_id where c.from_number = ${caller} and d.status = 'pending'`)[0]!.n, { timeout: 20_000 })
      .toBe(0);
  } finally {
    await sql`delete from api_keys where prefix = ${key.slice(0, 10)}`;
  }

  const log = readFileSync(E2E_LOG_FILE, "utf8");
  expect(log).toMatch(/"msg":"call stored"/); // debug-level JSON logs really are captured
  const needles: [string, string][] = [
    ["magic link", "callback/resend?token"],
    ["magic-link token", token],
    ["TELEPHONY_WEBHOOK_SECRET", E2E_ENV.TELEPHONY_WEBHOOK_SECRET!.replace(/^whsec_/, "")],
    ["AUTH_SECRET", E2E_ENV.AUTH_SECRET!],
    ["APP_ENCRYPTION_KEY", E2E_ENV.APP_ENCRYPTION_KEY!],
    ["API key", key],
    ["caller number", caller.slice(1)],
    ["signed-in email", email],
  ];
  for (const [what, needle] of needles) expect(log.includes(needle), `${what} found in the server log`).toBe(false);
  expect(log.match(/\+\d{8,15}\b/g) ?? [], "unmasked phone numbers in the server log").toEqual([]);
  // Every account's webhook signing secret, decrypted here with the server's key (AES-256-GCM, lib/crypto.ts).
  for (const { secret_encrypted } of await sql<{ secret_encrypted: string }[]>`select secret_encrypted from webhook_secrets`) {
    const [, iv, tag, ct] = secret_encrypted.split(".");
    const decipher = createDecipheriv("aes-256-gcm", Buffer.from(E2E_ENV.APP_ENCRYPTION_KEY!, "base64"), Buffer.from(iv!, "base64url"));
    decipher.setAuthTag(Buffer.from(tag!, "base64url"));
    const secret = Buffer.concat([decipher.update(Buffer.from(ct!, "base64url")), decipher.final()]).toString("utf8");
    expect(log.includes(secret.replace(/^whsec_/, "")), "a webhook secret found in the server log").toBe(false);
  }
});
