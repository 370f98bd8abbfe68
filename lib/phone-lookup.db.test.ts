import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { calls, contacts } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { ingestCall } from "@/lib/ingest/ingest-call";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { stopBoss } from "@/lib/jobs/queue";
import type { WebhookPayload } from "@/lib/messages/webhook-payload";
import { createAccount, createActions } from "@/tests/factories";
import { startFakeProviders } from "@/tests/fakes/providers";
import type { FakeResend } from "@/tests/fakes/resend";
import type { FakeTwilio } from "@/tests/fakes/twilio";
import type { WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { lookupTransport, refineCallerPhoneType } from "./phone-lookup";

/**
 * Twilio Lookup (docs/architecture.md §1): with Twilio configured, the first email or webhook about a caller asks
 * Lookup for the line type, stores it on the contact and the call, and later calls reuse it.
 */
let fakes: Awaited<ReturnType<typeof startFakeProviders>>;
let twilio: FakeTwilio;
let resend: FakeResend;
let receiver: WebhookReceiver;

beforeAll(async () => {
  fakes = await startFakeProviders("lookup");
  ({ twilio, resend, receiver } = fakes);
  lookupTransport.timeoutMs = 1_000;
});
afterAll(async () => {
  await stopBoss();
  await fakes.close();
});
beforeEach(() => fakes.reset());

// +61412345678 is an Australian mobile number by libphonenumber-js's metadata.
const CALLER = "+61412345678";
let eventNo = 0;

async function webhookAccount() {
  const account = await createAccount();
  await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/lookup` }]);
  receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
  return account;
}

/** A call from CALLER through ingest, and its webhook delivered; returns the call and what was sent. */
async function callAndDeliver(account: { agentNumber: string }) {
  const n = ++eventNo;
  const stored = await ingestCall(db, {
    eventId: `evt_lookup_${n}_${Date.now()}`,
    data: {
      call_id: `CA-lookup-${n}-${Date.now()}`,
      to: account.agentNumber,
      from: CALLER,
      direction: "inbound",
      status: "completed",
      started_at: "2026-11-24T09:00:00Z",
      ended_at: "2026-11-24T09:03:12Z",
    },
  });
  const [call] = await db.select().from(calls).where(eq(calls.id, stored.callId));
  expect(await deliver({ deliveryId: stored.deliveryIds[0]! })).toBe("sent");
  const payload = JSON.parse(receiver.received.at(-1)!.body) as WebhookPayload;
  return { callId: stored.callId, typeAtIngest: call!.phoneType, sentType: payload.data.call.contact.phone_type };
}

async function contactOf(accountId: string) {
  const [c] = await db.select().from(contacts).where(eq(contacts.accountId, accountId));
  return c!;
}

describe("Twilio Lookup", () => {
  it("the first webhook about a caller carries Lookup's type; it is stored, and the next call reuses it without a lookup", async () => {
    const account = await webhookAccount();
    twilio.lineTypes[CALLER] = "landline";

    const first = await callAndDeliver(account);
    expect(first.typeAtIngest).toBe("mobile"); // the metadata's answer, before Lookup
    expect(first.sentType).toBe("landline");
    expect(twilio.lookups).toEqual([CALLER]);
    const [call] = await db.select().from(calls).where(eq(calls.id, first.callId));
    expect(call!.phoneType).toBe("landline");
    const contact = await contactOf(account.accountId);
    expect(contact.phoneType).toBe("landline");
    expect(contact.phoneTypeCheckedAt).not.toBeNull();

    const second = await callAndDeliver(account);
    expect(second.typeAtIngest).toBe("landline"); // copied from the contact at ingest
    expect(second.sentType).toBe("landline");
    expect(twilio.lookups).toEqual([CALLER]);
  });

  it("maps Twilio's VoIP line types to voip", async () => {
    const account = await webhookAccount();
    twilio.lineTypes[CALLER] = "nonFixedVoip";
    expect((await callAndDeliver(account)).sentType).toBe("voip");
  });

  it("a failed lookup keeps the metadata's type and is tried again on the next call", async () => {
    const account = await webhookAccount();
    twilio.lineTypes[CALLER] = "landline";
    twilio.scriptLookup({ status: 503 });

    const first = await callAndDeliver(account);
    expect(first.sentType).toBe("mobile");
    expect(twilio.lookups).toEqual([]);
    expect((await contactOf(account.accountId)).phoneTypeCheckedAt).toBeNull();

    const second = await callAndDeliver(account);
    expect(second.sentType).toBe("landline");
    expect(twilio.lookups).toEqual([CALLER]);
  });

  it("looks a caller up once when deliveries of a call ask at the same time, and every one gets the answer", async () => {
    const account = await webhookAccount();
    const { callId } = await callAndDeliver(account);
    twilio.reset();
    twilio.lineTypes[CALLER] = "landline";
    await db.update(contacts).set({ phoneTypeCheckedAt: null, phoneType: "mobile" }).where(eq(contacts.accountId, account.accountId));
    await Promise.all([1, 2, 3].map(() => refineCallerPhoneType(db, account.accountId, callId)));
    expect(twilio.lookups).toEqual([CALLER]);
    // Each returned only once the answer was stored: none would build a message with the old type.
    const [call] = await db.select().from(calls).where(eq(calls.id, callId));
    expect(call!.phoneType).toBe("landline");
  });

  it("the email and the webhook of a caller's first call show the same looked-up type", async () => {
    const account = await createAccount();
    await createActions(account.accountId, [
      { channel: "email", destination: "agent@lookup.test" },
      { channel: "webhook", destination: `${receiver.url}/lookup` },
    ]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    twilio.lineTypes[CALLER] = "landline";
    const stored = await ingestCall(db, {
      eventId: `evt_lookup_both_${Date.now()}`,
      data: { call_id: `CA-lookup-both-${Date.now()}`, to: account.agentNumber, from: CALLER, direction: "inbound", status: "completed", started_at: "2026-11-24T09:00:00Z", ended_at: "2026-11-24T09:03:12Z" },
    });
    // Both at once, the webhook first: it may win the claim, or wait for the email's lookup.
    expect(await Promise.all(stored.deliveryIds.reverse().map((id) => deliver({ deliveryId: id })))).toEqual(["sent", "sent"]);
    expect(twilio.lookups).toEqual([CALLER]);
    const payload = JSON.parse(receiver.received.at(-1)!.body) as WebhookPayload;
    expect(payload.data.call.contact.phone_type).toBe("landline");
    expect(resend.emails.at(-1)!.text).toContain("Landline");
  });

  it("a claim left by a worker that died is taken over after a minute", async () => {
    const account = await webhookAccount();
    twilio.lineTypes[CALLER] = "landline";
    const { callId } = await callAndDeliver(account);
    twilio.reset();
    twilio.lineTypes[CALLER] = "landline";
    await db.execute(sql`update contacts set phone_type_checked_at = null, phone_type = 'mobile', phone_type_lookup_started_at = now() - interval '2 minutes' where account_id = ${account.accountId}`);
    await refineCallerPhoneType(db, account.accountId, callId);
    expect(twilio.lookups).toEqual([CALLER]);
    expect((await contactOf(account.accountId)).phoneType).toBe("landline");
  });

  it("an answer without a line type (a 404, an error code) keeps the metadata's type and is not asked again", async () => {
    const account = await webhookAccount();
    twilio.scriptLookup({ status: 404, body: { code: 20404, message: "The requested resource was not found", status: 404 } });
    expect((await callAndDeliver(account)).sentType).toBe("mobile");
    const contact = await contactOf(account.accountId);
    expect(contact.phoneTypeCheckedAt).not.toBeNull();
    expect(contact.phoneType).toBe("mobile");
    await callAndDeliver(account);
    expect(twilio.lookups).toEqual([]);
  });

  it("without Twilio configured, nothing is looked up and the metadata's type stands", async () => {
    const account = await webhookAccount();
    const saved = { sid: process.env.TWILIO_ACCOUNT_SID, token: process.env.TWILIO_AUTH_TOKEN };
    delete process.env.TWILIO_ACCOUNT_SID;
    delete process.env.TWILIO_AUTH_TOKEN;
    resetEnvCache();
    try {
      twilio.lineTypes[CALLER] = "landline";
      expect((await callAndDeliver(account)).sentType).toBe("mobile");
      expect(twilio.lookups).toEqual([]);
      expect((await contactOf(account.accountId)).phoneTypeCheckedAt).toBeNull();
    } finally {
      Object.assign(process.env, { TWILIO_ACCOUNT_SID: saved.sid, TWILIO_AUTH_TOKEN: saved.token });
      resetEnvCache();
    }
  });
});
