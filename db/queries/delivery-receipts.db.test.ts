import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { accounts, creditLedger, deliveries, type DeliveryReceipt } from "@/db/schema";
import { stopBoss } from "@/lib/jobs/queue";
import type { Receipt } from "@/lib/delivery/receipts";
import { createAccount, createActions, createCall, createTestDelivery } from "@/tests/factories";
import { ledgerTotals } from "./charges";
import { chargeDelivery, recordAttempt, recordReceipt, requeueDelivery, type Delivery } from "./delivery-lifecycle";

/** The "receipt recorded" transition on its own, against the database: one case per receipt, and what it refuses. */

afterAll(async () => {
  await stopBoss();
});

async function row(id: string): Promise<Delivery> {
  const [d] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return d!;
}
const balance = async (accountId: string) => (await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId)))[0]!.b;
const refunds = (id: string) => db.select().from(creditLedger).where(and(eq(creditLedger.deliveryId, id), eq(creditLedger.kind, "refund")));

const now = new Date("2026-11-24T09:05:00Z");
const receipt = (r: DeliveryReceipt, code: string | null = null, detail: string | null = null): Receipt => ({ receipt: r, code, detail, at: now });

/** A charged message the provider took (status sent, with its id), as the worker leaves it. */
async function sentMessage(channel: "sms" | "email", opts: { credits?: number } = {}) {
  const account = await createAccount({ credits: opts.credits ?? 100 });
  const actions = await createActions(account.accountId, [{ channel, destination: channel === "sms" ? "+61400111222" : "office@example.com" }]);
  const { deliveryIds } = await createCall(account, actions);
  const id = deliveryIds[0]!;
  const providerId = channel === "sms" ? `SM${randomBytes(16).toString("hex")}` : crypto.randomUUID();
  const cost = channel === "sms" ? 10 : 20;
  expect((await chargeDelivery(db, await row(id), cost)).charge).toBe("charged");
  const success = { outcome: "success", via: channel === "sms" ? "twilio" : "resend", providerMessageId: providerId, statusCode: null, latencyMs: 5, responseBody: null } as const;
  expect(await recordAttempt(db, await row(id), { startedAt: now, now, outcome: success, retryAt: null })).toMatchObject({ status: "sent" });
  return { account, id, providerId, cost };
}

describe("receipt recorded — one per status", () => {
  it("SMS delivered: recorded, nothing refunded", async () => {
    const m = await sentMessage("sms");
    expect(await recordReceipt(db, "sms", m.providerId, receipt("delivered"))).toEqual({ outcome: "recorded", deliveryId: m.id, accountId: m.account.accountId, refunded: 0 });
    expect(await row(m.id)).toMatchObject({ status: "sent", receipt: "delivered", receiptAt: now, credits: 10 });
    expect(await balance(m.account.accountId)).toBe(90);
  });

  it("SMS undelivered: recorded with its code and words, its 10 credits back with a note naming why", async () => {
    const m = await sentMessage("sms");
    const r = receipt("undelivered", "30003", "The handset is unreachable (off or out of coverage) (Twilio 30003)");
    expect(await recordReceipt(db, "sms", m.providerId, r)).toMatchObject({ outcome: "recorded", refunded: 10 });
    expect(await row(m.id)).toMatchObject({ status: "sent", receipt: "undelivered", receiptCode: "30003", receiptDetail: r.detail, credits: 0 });
    expect(await balance(m.account.accountId)).toBe(100);
    const [refund] = await refunds(m.id);
    expect(refund).toMatchObject({ amount: 10, balanceAfter: 100, channel: "sms", note: `Refund: SMS undelivered — ${r.detail}` });
    expect(await ledgerTotals(db, m.account.accountId)).toEqual({ ledger: 100, balance: 100 });
  });

  it("email delivered", async () => {
    const m = await sentMessage("email");
    expect(await recordReceipt(db, "email", m.providerId, receipt("delivered"))).toMatchObject({ outcome: "recorded", refunded: 0 });
    expect(await row(m.id)).toMatchObject({ receipt: "delivered", credits: 20 });
  });

  it("email bounced: its 20 credits back once", async () => {
    const m = await sentMessage("email");
    expect(await recordReceipt(db, "email", m.providerId, receipt("bounced", "Permanent/General", "The address does not accept mail"))).toMatchObject({ outcome: "recorded", refunded: 20 });
    expect(await row(m.id)).toMatchObject({ receipt: "bounced", receiptCode: "Permanent/General", credits: 0 });
    expect(await balance(m.account.accountId)).toBe(100);
    expect((await refunds(m.id)).map((r) => r.note)).toEqual(["Refund: Email bounced — The address does not accept mail"]);
  });

  it("email complained (marked as spam): recorded, not refunded — it arrived", async () => {
    const m = await sentMessage("email");
    await recordReceipt(db, "email", m.providerId, receipt("delivered"));
    expect(await recordReceipt(db, "email", m.providerId, receipt("complained", null, "The recipient marked it as spam"))).toMatchObject({ outcome: "recorded", refunded: 0 });
    expect(await row(m.id)).toMatchObject({ receipt: "complained", credits: 20 });
    expect(await refunds(m.id)).toEqual([]);
  });

  it("email delayed, then delivered", async () => {
    const m = await sentMessage("email");
    expect(await recordReceipt(db, "email", m.providerId, receipt("delayed"))).toMatchObject({ outcome: "recorded" });
    expect((await row(m.id)).receipt).toBe("delayed");
    expect(await recordReceipt(db, "email", m.providerId, receipt("delivered"))).toMatchObject({ outcome: "recorded" });
    expect((await row(m.id)).receipt).toBe("delivered");
  });
});

describe("receipt recorded — redelivered and out of order", () => {
  it("a redelivered undelivered refunds once", async () => {
    const m = await sentMessage("sms");
    const r = receipt("undelivered", "30005", "Unknown destination");
    expect(await recordReceipt(db, "sms", m.providerId, r)).toMatchObject({ outcome: "recorded", refunded: 10 });
    expect(await recordReceipt(db, "sms", m.providerId, r)).toEqual({ outcome: "superseded", deliveryId: m.id, accountId: m.account.accountId });
    expect(await refunds(m.id)).toHaveLength(1);
    expect(await balance(m.account.accountId)).toBe(100);
  });

  it("the same bounce delivered ten times at once refunds once", async () => {
    const m = await sentMessage("email");
    const results = await Promise.all(Array.from({ length: 10 }, () => recordReceipt(db, "email", m.providerId, receipt("bounced"))));
    expect(results.filter((r) => r.outcome === "recorded")).toHaveLength(1);
    expect(await refunds(m.id)).toHaveLength(1);
    expect(await balance(m.account.accountId)).toBe(100);
    expect(await ledgerTotals(db, m.account.accountId)).toEqual({ ledger: 100, balance: 100 });
  });

  it("a late delayed never hides delivered; a late delivered never hides undelivered (nor gives the refund back)", async () => {
    const email = await sentMessage("email");
    await recordReceipt(db, "email", email.providerId, receipt("delivered"));
    expect(await recordReceipt(db, "email", email.providerId, receipt("delayed"))).toMatchObject({ outcome: "superseded" });
    expect((await row(email.id)).receipt).toBe("delivered");

    const sms = await sentMessage("sms");
    await recordReceipt(db, "sms", sms.providerId, receipt("undelivered", "30003", "Unreachable"));
    expect(await recordReceipt(db, "sms", sms.providerId, receipt("delivered"))).toMatchObject({ outcome: "superseded" });
    expect(await row(sms.id)).toMatchObject({ receipt: "undelivered", receiptCode: "30003", credits: 0 });
    expect(await balance(sms.account.accountId)).toBe(100);
  });

  it("a bounce after delivered (an asynchronous bounce) still refunds", async () => {
    const m = await sentMessage("email");
    await recordReceipt(db, "email", m.providerId, receipt("delivered"));
    expect(await recordReceipt(db, "email", m.providerId, receipt("bounced"))).toMatchObject({ outcome: "recorded", refunded: 20 });
    expect(await balance(m.account.accountId)).toBe(100);
  });
});

describe("receipt recorded — what it refuses", () => {
  it("an unknown provider id, or another channel's, changes nothing", async () => {
    const m = await sentMessage("sms");
    expect(await recordReceipt(db, "sms", `SM${"0".repeat(32)}`, receipt("undelivered"))).toEqual({ outcome: "unknown" });
    expect(await recordReceipt(db, "email", m.providerId, receipt("bounced"))).toEqual({ outcome: "unknown" });
    expect(await row(m.id)).toMatchObject({ receipt: null, credits: 10 });
  });

  it("a message not sent (still pending, or failed) takes no receipt", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111333" }]);
    const { deliveryIds } = await createCall(account, actions);
    const sid = `SM${randomBytes(16).toString("hex")}`;
    await db.update(deliveries).set({ providerMessageId: sid }).where(eq(deliveries.id, deliveryIds[0]!));
    expect(await recordReceipt(db, "sms", sid, receipt("delivered"))).toEqual({ outcome: "unknown" });
    expect((await row(deliveryIds[0]!)).receipt).toBeNull();
  });

  it("a test send's undelivered is recorded but refunds nothing (it was free)", async () => {
    const account = await createAccount({ credits: 100 });
    const id = await createTestDelivery(account.accountId, "sms", "+61400111444", { enqueue: false });
    const sid = `SM${randomBytes(16).toString("hex")}`;
    const success = { outcome: "success", via: "twilio", providerMessageId: sid, statusCode: null, latencyMs: 5, responseBody: null } as const;
    await recordAttempt(db, await row(id), { startedAt: now, now, outcome: success, retryAt: null });
    expect(await recordReceipt(db, "sms", sid, receipt("undelivered", "30003"))).toMatchObject({ outcome: "recorded", refunded: 0 });
    expect(await refunds(id)).toEqual([]);
    expect(await balance(account.accountId)).toBe(100);
  });

  it("requeued (sent again), the delivery forgets the last message's receipt", async () => {
    const m = await sentMessage("sms");
    await recordReceipt(db, "sms", m.providerId, receipt("undelivered", "30003", "Unreachable"));
    expect(await db.transaction((tx) => requeueDelivery(tx, m.account.accountId, m.id))).toBe(true);
    expect(await row(m.id)).toMatchObject({ status: "pending", receipt: null, receiptCode: null, receiptDetail: null, receiptAt: null });
  });
});
