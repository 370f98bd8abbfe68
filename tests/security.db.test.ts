import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { apiKeys, webhookSecrets } from "@/db/schema";
import { apiRoute } from "@/lib/api/handler";
import { decryptSecret, sha256Hex } from "@/lib/crypto";
import { resetEnvCache } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { fakeProviderEnv } from "@/tests/fakes/providers";
import { startFakeResend, type FakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio, type FakeTwilio } from "@/tests/fakes/twilio";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { eventBody, makeAccount, signedRequest } from "@/tests/ingest-fixtures";
import { POST as callEvents } from "@/app/api/v1/call-events/route";
import { GET as listCalls } from "@/app/api/v1/calls/route";

/**
 * Security at rest and in logs. The logger is the real one (lib/logger.ts, with its redaction); only
 * pino's destination is replaced by an in-memory stream so the test can read every line it wrote.
 */
const captured = vi.hoisted(() => ({ lines: [] as string[] }));
vi.mock("pino", async (importOriginal) => {
  const real = (await importOriginal()) as { default: (...args: unknown[]) => unknown };
  const { Writable: W } = await import("node:stream");
  const sink = new W({
    write(chunk, _enc, done) {
      captured.lines.push(String(chunk));
      done();
    },
  });
  const wrapped = Object.assign((opts: unknown) => real.default(opts, sink), real.default);
  return { ...real, default: wrapped };
});
void Writable;

const SID = `AC${"3".repeat(32)}`;
const TWILIO_TOKEN = "twilio-secret-token-do-not-log";
const RESEND_KEY = "re_secret_key_do_not_log";
const CALLER = "+61412345678";
const AGENT = "+61290006666";
let twilio: FakeTwilio;
let resend: FakeResend;
let receiver: WebhookReceiver;

beforeAll(async () => {
  twilio = await startFakeTwilio({ accountSid: SID, authToken: TWILIO_TOKEN });
  resend = await startFakeResend({ apiKey: RESEND_KEY });
  receiver = await startWebhookReceiver();
  Object.assign(process.env, {
    LOG_LEVEL: "debug",
    ...fakeProviderEnv(twilio, resend),
  });
  resetEnvCache();
});
afterAll(async () => {
  await stopBoss();
  await Promise.all([twilio.close(), resend.close(), receiver.close()]);
});

describe("secrets at rest", () => {
  it("a webhook secret is stored AES-GCM encrypted: the raw column is not the plaintext and decrypts only with APP_ENCRYPTION_KEY", async () => {
    const { accountId } = await createAccount();
    const { secret } = await ensureWebhookSecret(db, accountId);
    expect(secret).toMatch(/^whsec_/);
    const [raw] = await db.execute<{ secret_encrypted: string; last_four: string }>(
      sql`select secret_encrypted, last_four from webhook_secrets where account_id = ${accountId}`,
    );
    const stored = raw!.secret_encrypted;
    const body = secret.replace(/^whsec_/, "");
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(body);
    expect(stored).not.toContain(Buffer.from(body, "base64").toString("hex"));
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(raw!.last_four).toBe(secret.slice(-4));
    // Two encryptions of the same secret differ (random IV), so equal secrets can't be spotted.
    const { encryptSecret } = await import("@/lib/crypto");
    expect(encryptSecret(secret)).not.toBe(encryptSecret(secret));
    expect(decryptSecret(stored)).toBe(secret);
    // With another key it does not decrypt (GCM authentication fails): the key really is needed.
    const original = process.env.APP_ENCRYPTION_KEY;
    try {
      process.env.APP_ENCRYPTION_KEY = Buffer.alloc(32, 1).toString("base64");
      resetEnvCache();
      expect(() => decryptSecret(stored)).toThrow();
    } finally {
      process.env.APP_ENCRYPTION_KEY = original;
      resetEnvCache();
    }
    // Tampering with the ciphertext is detected, not silently decrypted to garbage.
    const parts = stored.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0]! ^= 1;
    expect(() => decryptSecret([parts[0], parts[1], parts[2], ct.toString("base64url")].join("."))).toThrow();
    const [row] = await db.select().from(webhookSecrets).where(eq(webhookSecrets.accountId, accountId));
    expect(Object.values(row!).join(" ")).not.toContain(body);
  });

  it("an API key is stored only as its SHA-256: no column holds the key", async () => {
    const { accountId } = await createAccount();
    const { key, id } = await createApiKey(db, accountId, { name: "ci", role: "developer", createdBy: null, actor: { userId: null, label: "t" } });
    const [raw] = await db.execute<Record<string, unknown>>(sql`select * from api_keys where id = ${id}`);
    const everything = JSON.stringify(raw);
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.slice(10)); // only the 10-char display prefix is kept
    expect(raw!.key_hash).toBe(sha256Hex(key));
    expect(String(raw!.prefix)).toBe(key.slice(0, 10));
    // The audit entry names the prefix, never the key.
    const [audit] = await db.execute<{ all: string }>(sql`select coalesce(string_agg(x::text, ' '), '') as all from audit_log x where account_id = ${accountId}`);
    expect(audit!.all).not.toContain(key);
    const [fromDb] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(fromDb!.keyHash).toHaveLength(64);
  });
});

describe("logs", () => {
  it("ingest, SMS/email/webhook deliveries, API calls and a failing query log no secret, token or full phone number", async () => {
    captured.lines.length = 0;
    // 1. A call-end event through the real route (and a badly signed one).
    await makeAccount(db, AGENT, { actions: [{ channel: "sms", destination: "+61400999888" }] });
    const ok = await callEvents(signedRequest(JSON.stringify(eventBody({ to: AGENT, from: CALLER, contact_name: "Jane Citizen" }))), undefined as never);
    expect(ok.status).toBe(202);
    const bad = await callEvents(signedRequest(JSON.stringify(eventBody({ to: AGENT })), { secret: `whsec_${Buffer.alloc(24, 1).toString("base64")}` }), undefined as never);
    expect(bad.status).toBe(401);

    // 2. One delivery on each channel, through the real worker handler and local fakes.
    const account = await createAccount();
    const { secret: webhookSecret } = await ensureWebhookSecret(db, account.accountId);
    receiver.setSecrets([webhookSecret]);
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "jane.owner@example.com" },
      { channel: "webhook", destination: `${receiver.url}/hook?token=endpoint-token-do-not-log` },
    ]);
    const { deliveryIds } = await createCall(account, actions, { callerNumber: CALLER, savedContactName: "Jane Citizen" });
    for (const id of deliveryIds) expect(await deliver({ deliveryId: id })).toBe("sent");
    expect(receiver.received.at(-1)!.verifiedWith).toBe(0);

    // 3. The public API with a valid key and an unknown one.
    const { key } = await createApiKey(db, account.accountId, { name: "ci", role: "owner", createdBy: null, actor: { userId: null, label: "t" } });
    expect((await listCalls(new Request("http://localhost/api/v1/calls", { headers: { authorization: `Bearer ${key}` } }), undefined as never)).status).toBe(200);
    const unknownKey = `ak_${"Z".repeat(43)}`;
    expect((await listCalls(new Request("http://localhost/api/v1/calls", { headers: { authorization: `Bearer ${unknownKey}` } }), undefined as never)).status).toBe(401);

    // 4. An unexpected database error inside a route: Drizzle puts the query parameters in its message.
    const failing = apiRoute(async () => {
      await db.execute(sql`select ${CALLER}::int, ${webhookSecret}::int`);
      return new Response(null);
    });
    expect((await failing(new Request("http://localhost/api/v1/x"), undefined)).status).toBe(500);

    const log = captured.lines.join("");
    expect(captured.lines.length).toBeGreaterThanOrEqual(5); // the logger really wrote here
    expect(log).toMatch(/call stored/);
    expect(log).toMatch(/delivery sent/);
    expect(log).toMatch(/unhandled API error/);

    const telephony = process.env.TELEPHONY_WEBHOOK_SECRET!;
    const needles: [string, string][] = [
      ["webhook secret", webhookSecret],
      ["webhook secret body", webhookSecret.replace(/^whsec_/, "")],
      ["TELEPHONY_WEBHOOK_SECRET", telephony.replace(/^whsec_/, "")],
      ["API key", key],
      ["unknown API key", unknownKey],
      ["Twilio auth token", TWILIO_TOKEN],
      ["Resend key", RESEND_KEY],
      ["APP_ENCRYPTION_KEY", process.env.APP_ENCRYPTION_KEY!],
      ["AUTH_SECRET", process.env.AUTH_SECRET!],
      ["endpoint token", "endpoint-token-do-not-log"],
      ["magic link", "callback/resend?token"],
      ["email address", "jane.owner@example.com"],
    ];
    for (const [what, needle] of needles) expect(log, `${what} in logs`).not.toContain(needle);
    // No E.164 number of 8+ digits unmasked (with or without the +).
    const numbers = log.match(/\+\d{8,15}\b/g) ?? [];
    expect(numbers, "unmasked phone numbers in logs").toEqual([]);
    for (const n of [CALLER, "+61400111222", "+61400999888"]) expect(log).not.toContain(n.slice(1));
  });
});
