import { eq } from "drizzle-orm";
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
import { fakeProviderEnv } from "@/tests/fakes/providers";
import { startFakeResend, type FakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio, type FakeTwilio } from "@/tests/fakes/twilio";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { lookupTransport, refineCallerPhoneType } from "./phone-lookup";

/**
 * Twilio Lookup (DESIGN §1): with Twilio configured, the first email or webhook about a caller asks
 * Lookup for the line type, stores it on the contact and the call, and later calls reuse it.
 */
let twilio: FakeTwilio;
let resend: FakeResend;
let receiver: WebhookReceiver;

beforeAll(async () => {
  twilio = await startFakeTwilio({ accountSid: `AC${"4".repeat(32)}`, authToken: "fake-lookup-token" });
  resend = await startFakeResend({ apiKey: "re_lookup_test" });
  receiver = await startWebhookReceiver();
  Object.assign(process.env, fakeProviderEnv(twilio, resend));
  resetEnvCache();
  lookupTransport.timeoutMs = 1_000;
});
afterAll(async () => {
  await stopBoss();
  await Promise.all([twilio.close(), resend.close(), receiver.close()]);
});
beforeEach(() => {
  twilio.reset();
  receiver.reset();
});

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

  it("looks a caller up once even when two deliveries of a call ask at the same time", async () => {
    const account = await webhookAccount();
    const { callId } = await callAndDeliver(account);
    twilio.reset();
    await db.update(contacts).set({ phoneTypeCheckedAt: null }).where(eq(contacts.accountId, account.accountId));
    const answers = await Promise.all([1, 2, 3].map(() => refineCallerPhoneType(db, account.accountId, callId)));
    expect(answers.filter((a) => a !== null)).toEqual(["mobile"]);
    expect(twilio.lookups).toEqual([CALLER]);
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
