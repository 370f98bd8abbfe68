import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import twilio from "twilio";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { chargeDelivery, recordAttempt } from "@/db/queries/delivery-lifecycle";
import { accounts, creditLedger, deliveries } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { POST } from "./route";

const TOKEN = "twilio-test-auth-token-456";
const PUBLIC_URL = "http://localhost:3000/api/v1/twilio/message-status";

beforeAll(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  resetEnvCache();
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

/** An SMS Twilio took (sent, charged 10 credits), as the worker leaves it. */
async function sentSms() {
  const account = await createAccount({ credits: 100 });
  const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400222333" }]);
  const { callId, deliveryIds } = await createCall(account, actions);
  const id = deliveryIds[0]!;
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const read = async () => (await db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
  await chargeDelivery(db, await read(), 10);
  const now = new Date();
  await recordAttempt(db, await read(), {
    startedAt: now,
    now,
    outcome: { outcome: "success", via: "twilio", providerMessageId: sid, statusCode: null, latencyMs: 5, responseBody: null },
    retryAt: null,
  });
  const balance = async () => (await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, account.accountId)))[0]!.b;
  const refunds = () => db.select().from(creditLedger).where(and(eq(creditLedger.deliveryId, id), eq(creditLedger.kind, "refund")));
  return { account, callId, id, sid, read, balance, refunds };
}

function callback(sid: string, status: string, extra: Record<string, string> = {}) {
  return {
    AccountSid: `AC${"0".repeat(32)}`,
    ApiVersion: "2010-04-01",
    From: "+61400000001",
    MessageSid: sid,
    MessageStatus: status,
    SmsSid: sid,
    SmsStatus: status,
    To: "+61400222333",
    ...extra,
  };
}

/** Signed by twilio's own helper for the public URL, whatever host the request reaches us at. */
function twilioRequest(p: Record<string, string>, opts: { signUrl?: string; requestUrl?: string; signature?: string } = {}) {
  const signature = opts.signature ?? twilio.getExpectedTwilioSignature(TOKEN, opts.signUrl ?? PUBLIC_URL, p);
  return new Request(opts.requestUrl ?? "http://10.0.0.5:8080/api/v1/twilio/message-status", {
    method: "POST",
    body: new URLSearchParams(p).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
  });
}

const post = (r: Request) => POST(r, undefined as never);

describe("POST /api/v1/twilio/message-status", () => {
  it("delivered: the SMS shows delivered, credits kept", async () => {
    const m = await sentSms();
    // The helper the route uses agrees the request is Twilio's.
    const p = callback(m.sid, "delivered");
    expect(twilio.validateRequest(TOKEN, twilio.getExpectedTwilioSignature(TOKEN, PUBLIC_URL, p), PUBLIC_URL, p)).toBe(true);
    const res = await post(twilioRequest(p));
    expect(res.status).toBe(204);
    expect(await m.read()).toMatchObject({ status: "sent", receipt: "delivered", credits: 10 });
    expect(await m.balance()).toBe(90);
  });

  it("undelivered with 30003: undelivered, the code in words, 10 credits back once however often Twilio says it", async () => {
    const m = await sentSms();
    const p = callback(m.sid, "undelivered", { ErrorCode: "30003" });
    for (let i = 0; i < 3; i++) expect((await post(twilioRequest(p))).status).toBe(204);
    expect(await m.read()).toMatchObject({
      receipt: "undelivered",
      receiptCode: "30003",
      receiptDetail: "The handset is unreachable (off or out of coverage) (Twilio 30003)",
      credits: 0,
    });
    expect(await m.balance()).toBe(100);
    const refunds = await m.refunds();
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.note).toBe("Refund: SMS undelivered — The handset is unreachable (off or out of coverage) (Twilio 30003)");
  });

  it("failed counts as undelivered (Twilio could not send it), refunded", async () => {
    const m = await sentSms();
    expect((await post(twilioRequest(callback(m.sid, "failed", { ErrorCode: "30034" })))).status).toBe(204);
    expect(await m.read()).toMatchObject({ receipt: "undelivered", receiptCode: "30034", receiptDetail: "Twilio could not send it: Sent from a number not registered for 10DLC (Twilio 30034)" });
    expect(await m.balance()).toBe(100);
  });

  it("out of order: queued and sent after delivered change nothing; delivered after undelivered neither; undelivered+failed refund once", async () => {
    const a = await sentSms();
    await post(twilioRequest(callback(a.sid, "delivered")));
    for (const s of ["sent", "queued", "sending", "accepted"]) expect((await post(twilioRequest(callback(a.sid, s)))).status).toBe(204);
    expect((await a.read()).receipt).toBe("delivered");

    const b = await sentSms();
    await post(twilioRequest(callback(b.sid, "undelivered", { ErrorCode: "30007" })));
    await post(twilioRequest(callback(b.sid, "sent")));
    await post(twilioRequest(callback(b.sid, "delivered")));
    await post(twilioRequest(callback(b.sid, "failed", { ErrorCode: "30008" })));
    expect(await b.read()).toMatchObject({ receipt: "undelivered", receiptCode: "30007", credits: 0 });
    expect(await b.refunds()).toHaveLength(1);
    expect(await b.balance()).toBe(100);
  });

  it("an unknown MessageSid answers 204 like any other and changes nothing", async () => {
    const m = await sentSms();
    const res = await post(twilioRequest(callback(`SM${randomBytes(16).toString("hex")}`, "undelivered", { ErrorCode: "30003" })));
    expect(res.status).toBe(204);
    expect(await m.read()).toMatchObject({ receipt: null, credits: 10 });
  });

  it("403 for a bad signature, a signature for the proxied URL, or a tampered body; nothing changes", async () => {
    const m = await sentSms();
    const p = callback(m.sid, "undelivered", { ErrorCode: "30003" });
    expect((await post(twilioRequest(p, { signature: "bm90IGEgc2lnbmF0dXJl" }))).status).toBe(403);
    const proxied = "http://10.0.0.5:8080/api/v1/twilio/message-status";
    expect((await post(twilioRequest(p, { signUrl: proxied, requestUrl: proxied }))).status).toBe(403);
    // Signed for the voice status route: the path is part of what Twilio signs.
    expect((await post(twilioRequest(p, { signUrl: "http://localhost:3000/api/v1/twilio/voice-status" }))).status).toBe(403);
    const signed = twilioRequest(callback(m.sid, "delivered"));
    const tampered = new Request(signed.url, { method: "POST", headers: signed.headers, body: new URLSearchParams(p).toString() });
    expect((await post(tampered)).status).toBe(403);
    expect(await m.read()).toMatchObject({ receipt: null, credits: 10 });
  });

  it("400 naming a missing or malformed MessageSid", async () => {
    const p: Record<string, string> = callback("SMnope", "delivered");
    const res = await post(twilioRequest(p));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain("MessageSid");
  });

  it("404 problem when Twilio is not configured; 415 for JSON", async () => {
    delete process.env.TWILIO_AUTH_TOKEN;
    resetEnvCache();
    const res = await post(twilioRequest(callback(`SM${"1".repeat(32)}`, "delivered")));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/TWILIO_AUTH_TOKEN/);
    process.env.TWILIO_AUTH_TOKEN = TOKEN;
    resetEnvCache();
    expect((await post(new Request(PUBLIC_URL, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }))).status).toBe(415);
  });
});
