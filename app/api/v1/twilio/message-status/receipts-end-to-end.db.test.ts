import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { callDeliveries } from "@/db/queries/calls";
import { accounts, creditLedger, deliveries } from "@/db/schema";
import { callDetailJson } from "@/lib/api/call-json";
import { resetEnvCache } from "@/lib/env";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { stopBoss } from "@/lib/jobs/queue";
import { loadCallView } from "@/db/queries/call-view";
import { toWebRequest, sendWebResponse } from "@/lib/server/node-web";
import { POST as resendEvents } from "@/app/api/v1/resend/events/route";
import { POST as messageStatus } from "./route";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { fakeProviderEnv } from "@/tests/fakes/providers";
import { startFakeResend, type FakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio, type FakeTwilio } from "@/tests/fakes/twilio";

/**
 * Receipts end to end (both receipt routes, so it lives beside one), as in production but without the real providers: the worker sends through
 * the real `twilio` and `resend` SDKs to the fakes (TWILIO_API_BASE_URL, RESEND_BASE_URL), the SMS
 * with its statusCallback at APP_URL; the fake carrier and mailbox then post their signed receipts
 * over HTTP to the app's two receipt routes, served here at APP_URL.
 */

const SECRET = `whsec_${Buffer.alloc(24, 7).toString("base64")}`;
let app: Server;
let twilio: FakeTwilio;
let resend: FakeResend;

beforeAll(async () => {
  app = createServer((req, res) => {
    const route = req.url === "/api/v1/twilio/message-status" ? messageStatus : req.url === "/api/v1/resend/events" ? resendEvents : null;
    if (!route || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    void route(toWebRequest(req), undefined as never).then((r) => sendWebResponse(req, res, r, {}));
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  twilio = await startFakeTwilio({ accountSid: `AC${"e".repeat(32)}`, authToken: "fake-e2e-token", postReceipts: true, receiptDelayMs: 200 });
  resend = await startFakeResend({ apiKey: "re_e2e", webhook: { url: `${appUrl}/api/v1/resend/events`, secret: SECRET, delayMs: 200 } });
  Object.assign(process.env, fakeProviderEnv(twilio, resend), { APP_URL: appUrl, RESEND_WEBHOOK_SECRET: SECRET });
  resetEnvCache();
});

afterAll(async () => {
  await stopBoss();
  await Promise.all([twilio.close(), resend.close(), new Promise((r) => app.close(r))]);
  process.env.APP_URL = "http://localhost:3000";
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvCache();
});

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("receipts through the real SDKs and the fake carrier and mailbox", () => {
  it("an SMS the carrier reports undelivered and a bounced email show so, with their reasons and their credits back; the others show delivered", async () => {
    const account = await createAccount({ credits: 1000 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400030003" }, // the fake carrier: 30003, unreachable handset
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "bounced@example.com" }, // the fake mailbox bounces it
      { channel: "email", destination: "office@example.com" },
    ]);
    const { callId, deliveryIds } = await createCall(account, actions);
    for (const id of deliveryIds) expect(await deliver({ deliveryId: id })).toBe("sent");
    // Charged 60 as they went out; the receipts (posted 200 ms later) may already have given some back.
    expect(await db.select().from(creditLedger).where(and(eq(creditLedger.accountId, account.accountId), eq(creditLedger.kind, "charge")))).toHaveLength(4);

    // Twilio got the public status callback URL with each message.
    expect(twilio.messages.map((m) => m.statusCallback)).toEqual([`${process.env.APP_URL}/api/v1/twilio/message-status`, `${process.env.APP_URL}/api/v1/twilio/message-status`]);

    const rows = await until(
      () => db.select().from(deliveries).where(eq(deliveries.callId, callId)),
      (rs) => rs.every((r) => r.receipt !== null),
    );
    const byTo = Object.fromEntries(rows.map((r) => [r.destination, r]));
    expect(byTo["+61400030003"]).toMatchObject({ receipt: "undelivered", receiptCode: "30003", credits: 0 });
    expect(byTo["+61400030003"]!.receiptDetail).toMatch(/unreachable/);
    expect(byTo["+61400111222"]).toMatchObject({ receipt: "delivered", credits: 10 });
    expect(byTo["bounced@example.com"]).toMatchObject({ receipt: "bounced", credits: 0 });
    expect(byTo["office@example.com"]).toMatchObject({ receipt: "delivered", credits: 20 });
    // Every receipt the fakes posted was taken (204), including the intermediate `sent` / `email.sent`.
    expect(twilio.receiptPosts.map((p) => p.httpStatus)).toEqual([204, 204, 204, 204]);
    expect(resend.eventPosts.map((p) => p.httpStatus)).toEqual([204, 204, 204, 204]);

    const [acct] = await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, account.accountId));
    expect(acct!.b).toBe(1000 - 10 - 20);
    const refunds = await db.select().from(creditLedger).where(and(eq(creditLedger.accountId, account.accountId), eq(creditLedger.kind, "refund")));
    expect(refunds.map((r) => [r.amount, r.note]).sort()).toEqual([
      [10, "Refund: SMS undelivered — The handset is unreachable (off or out of coverage) (Twilio 30003)"],
      [20, "Refund: Email bounced — The address does not accept mail: The recipient's email provider sent a hard bounce message."],
    ]);

    // The API's actions[] says the same.
    const json = callDetailJson((await loadCallView(db, account.accountId, callId))!, await callDeliveries(db, account.accountId, callId));
    expect(json.actions.map((a) => [a.to, a.status, a.credits])).toEqual([
      ["+61400030003", "undelivered", 0],
      ["+61400111222", "delivered", 10],
      ["bounced@example.com", "bounced", 0],
      ["office@example.com", "delivered", 20],
    ]);
    expect(json.actions[0]!.error).toBe("The handset is unreachable (off or out of coverage) (Twilio 30003)");
    expect(json.actions[0]!.receipt).toMatchObject({ status: "undelivered", code: "30003" });
  });
});
