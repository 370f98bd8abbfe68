import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Webhook } from "svix";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { chargeDelivery, recordAttempt } from "@/db/queries/delivery-lifecycle";
import { accounts, creditLedger, deliveries } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { POST } from "./route";

const SECRET = `whsec_${Buffer.alloc(24, 9).toString("base64")}`;
const URL_ = "http://localhost:3000/api/v1/resend/events";

beforeAll(() => {
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
});
afterEach(() => {
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.RESEND_WEBHOOK_SECRET;
  resetEnvCache();
  await stopBoss();
});

/** An email Resend took (sent, charged 20 credits) with Resend's id stored at send time, as the worker leaves it. */
async function sentEmail() {
  const account = await createAccount({ credits: 100 });
  const actions = await createActions(account.accountId, [{ channel: "email", destination: "office@example.com" }]);
  const { deliveryIds } = await createCall(account, actions);
  const id = deliveryIds[0]!;
  const emailId = randomUUID();
  const read = async () => (await db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
  await chargeDelivery(db, await read(), 20);
  const now = new Date();
  await recordAttempt(db, await read(), {
    startedAt: now,
    now,
    outcome: { outcome: "success", via: "resend", providerMessageId: emailId, statusCode: null, latencyMs: 5, responseBody: null },
    retryAt: null,
  });
  const balance = async () => (await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, account.accountId)))[0]!.b;
  const refunds = () => db.select().from(creditLedger).where(and(eq(creditLedger.deliveryId, id), eq(creditLedger.kind, "refund")));
  return { id, emailId, read, balance, refunds };
}

function event(type: string, emailId: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    type,
    created_at: "2026-11-24T09:05:00.000Z",
    data: { created_at: "2026-11-24T09:04:00.000Z", email_id: emailId, from: "Aftercall <n@aftercall.dev>", to: ["office@example.com"], subject: "Call from …", ...extra },
  });
}

/** Signed by the svix library, as Resend signs its webhooks. */
function resendRequest(body: string, opts: { secret?: string; at?: Date; id?: string; signature?: string; contentType?: string } = {}) {
  const at = opts.at ?? new Date();
  const id = opts.id ?? `msg_${randomUUID()}`;
  const signature = opts.signature ?? new Webhook(opts.secret ?? SECRET).sign(id, at, body);
  return new Request(URL_, {
    method: "POST",
    body,
    headers: { "content-type": opts.contentType ?? "application/json", "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature },
  });
}

const post = (r: Request) => POST(r, undefined as never);

describe("POST /api/v1/resend/events", () => {
  it("email.delivered: delivered, at Resend's time, credits kept", async () => {
    const m = await sentEmail();
    expect((await post(resendRequest(event("email.delivered", m.emailId)))).status).toBe(204);
    expect(await m.read()).toMatchObject({ receipt: "delivered", receiptAt: new Date("2026-11-24T09:05:00Z"), credits: 20 });
    expect(await m.balance()).toBe(80);
  });

  it("email.bounced: bounced with the reason, 20 credits back once however often Svix redelivers it", async () => {
    const m = await sentEmail();
    const body = event("email.bounced", m.emailId, { bounce: { type: "Permanent", subType: "Suppressed", message: "The address is on the suppression list." } });
    const id = `msg_${randomUUID()}`;
    for (let i = 0; i < 3; i++) expect((await post(resendRequest(body, { id }))).status).toBe(204);
    expect(await m.read()).toMatchObject({
      receipt: "bounced",
      receiptCode: "Permanent/Suppressed",
      receiptDetail: "The address does not accept mail (Suppressed): The address is on the suppression list.",
      credits: 0,
    });
    expect(await m.balance()).toBe(100);
    expect((await m.refunds()).map((r) => r.note)).toEqual(["Refund: Email bounced — The address does not accept mail (Suppressed): The address is on the suppression list."]);
  });

  it("email.complained after delivered: marked as spam, not refunded", async () => {
    const m = await sentEmail();
    await post(resendRequest(event("email.delivered", m.emailId)));
    await post(resendRequest(event("email.complained", m.emailId)));
    expect(await m.read()).toMatchObject({ receipt: "complained", receiptDetail: "The recipient marked it as spam", credits: 20 });
    expect(await m.refunds()).toEqual([]);
  });

  it("email.delivery_delayed arriving after email.delivered changes nothing; before it, shows until delivered", async () => {
    const late = await sentEmail();
    await post(resendRequest(event("email.delivered", late.emailId)));
    await post(resendRequest(event("email.delivery_delayed", late.emailId)));
    expect((await late.read()).receipt).toBe("delivered");

    const early = await sentEmail();
    await post(resendRequest(event("email.delivery_delayed", early.emailId)));
    expect((await early.read()).receipt).toBe("delayed");
    await post(resendRequest(event("email.delivered", early.emailId)));
    expect((await early.read()).receipt).toBe("delivered");
  });

  it("out of order: delivered after bounced neither hides the bounce nor takes the refund back", async () => {
    const m = await sentEmail();
    await post(resendRequest(event("email.bounced", m.emailId, { bounce: { type: "Permanent", subType: "General", message: "No such user." } })));
    await post(resendRequest(event("email.delivered", m.emailId)));
    await post(resendRequest(event("email.bounced", m.emailId)));
    expect(await m.read()).toMatchObject({ receipt: "bounced", credits: 0 });
    expect(await m.refunds()).toHaveLength(1);
    expect(await m.balance()).toBe(100);
  });

  it("events not acted on (email.sent, email.opened, contact.created) and unknown email ids answer 204 and change nothing", async () => {
    const m = await sentEmail();
    for (const type of ["email.sent", "email.opened", "email.clicked"]) expect((await post(resendRequest(event(type, m.emailId)))).status).toBe(204);
    expect((await post(resendRequest(JSON.stringify({ type: "contact.created", created_at: "2026-11-24T09:05:00Z", data: { id: "x" } })))).status).toBe(204);
    expect((await post(resendRequest(event("email.bounced", randomUUID())))).status).toBe(204);
    expect(await m.read()).toMatchObject({ receipt: null, credits: 20 });
  });

  it("401 for another secret's signature, a tampered body, a stale timestamp or no headers; nothing changes", async () => {
    const m = await sentEmail();
    const body = event("email.bounced", m.emailId);
    expect((await post(resendRequest(body, { secret: `whsec_${Buffer.alloc(24, 1).toString("base64")}` }))).status).toBe(401);
    const signed = resendRequest(event("email.delivered", m.emailId));
    expect((await post(new Request(URL_, { method: "POST", headers: signed.headers, body }))).status).toBe(401);
    expect((await post(resendRequest(body, { at: new Date(Date.now() - 10 * 60_000) }))).status).toBe(401);
    expect((await post(new Request(URL_, { method: "POST", headers: { "content-type": "application/json" }, body }))).status).toBe(401);
    expect(await m.read()).toMatchObject({ receipt: null, credits: 20 });
  });

  it("400 for a signed event without an email id; 415 for a form body; 404 when RESEND_WEBHOOK_SECRET is not set", async () => {
    const res = await post(resendRequest(JSON.stringify({ type: "email.bounced", created_at: "2026-11-24T09:05:00Z", data: {} })));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain("data.email_id");
    expect((await post(resendRequest("a=b", { contentType: "application/x-www-form-urlencoded" }))).status).toBe(415);
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvCache();
    const off = await post(resendRequest(event("email.delivered", randomUUID())));
    expect(off.status).toBe(404);
    expect(((await off.json()) as { detail: string }).detail).toMatch(/RESEND_WEBHOOK_SECRET/);
  });
});
