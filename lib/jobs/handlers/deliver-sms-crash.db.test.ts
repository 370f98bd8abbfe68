import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { ledgerTotals } from "@/db/queries/charges";
import { chargeDelivery, FoundSmsTaken, markAttemptStarted, recordAttempt } from "@/db/queries/delivery-lifecycle";
import { deliveries, deliveryAttempts, outbox } from "@/db/schema";
import { attemptSms, smsTransport } from "@/lib/delivery/sms";
import { resetEnvCache } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { startFakeProviders } from "@/tests/fakes/providers";
import { deliver } from "./deliver";

/**
 * No duplicate SMS after a crash: a worker that dies between Twilio taking an SMS and the attempt being
 * recorded leaves the attempt's start marked; the next run asks Twilio before sending, and records the
 * message Twilio has instead of sending it again. Without Twilio, the outbox keeps one row per attempt.
 */
let providers: Awaited<ReturnType<typeof startFakeProviders>>;
const TO = "+61400111222";

beforeAll(async () => {
  providers = await startFakeProviders("smscrash");
  smsTransport.timeoutMs = 1_500;
  smsTransport.recordSlackMs = 3_000;
});

afterAll(async () => {
  await stopBoss();
  await providers.close();
});

beforeEach(() => providers.reset());

async function smsCall() {
  const account = await createAccount({ credits: 100 });
  const actions = await createActions(account.accountId, [{ channel: "sms", destination: TO }]);
  const { deliveryIds } = await createCall(account, actions, { savedContactName: "Jane Citizen" });
  return { account, id: deliveryIds[0]! };
}
const row = async (id: string) => (await db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
const attemptsOf = (id: string) => db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.attemptNumber));
const SMS_TEXT = "Call from Jane Citizen (+61 412 345 678)\nWants an appraisal of 12 Smith St before listing.";

/** What a worker killed mid-attempt leaves behind: charged, the start marked, (maybe) the SMS at Twilio, no attempt recorded. */
async function crashMidAttempt(id: string, opts: { twilioTookIt: boolean; at?: Date }) {
  const d = await row(id);
  await chargeDelivery(db, d, 10);
  await markAttemptStarted(db, d, opts.at ?? new Date());
  if (opts.twilioTookIt) {
    const sent = await attemptSms({ accountId: d.accountId, to: d.destination, text: SMS_TEXT, deliveryId: d.id, attemptNumber: 1 });
    expect(sent).toMatchObject({ outcome: "success", via: "twilio" });
    return sent.outcome === "success" ? sent.providerMessageId : null;
  }
  return null;
}

describe("an SMS whose attempt's outcome was never recorded", () => {
  it("Twilio says it was sent: recorded as sent with Twilio's message, not sent again, charged once", async () => {
    const { account, id } = await smsCall();
    // Another message to the same number from us, with another text: not this one.
    await attemptSms({ accountId: account.accountId, to: TO, text: "Call from someone else" });
    const sid = await crashMidAttempt(id, { twilioTookIt: true });
    expect(providers.twilio.messages).toHaveLength(2);

    expect(await deliver({ deliveryId: id })).toBe("sent");
    expect(providers.twilio.messages).toHaveLength(2);
    expect(providers.twilio.listings).toHaveLength(2);
    expect(providers.twilio.listings.every((l) => l.to === TO && l.from === "+61400000001")).toBe(true);
    expect(await row(id)).toMatchObject({ status: "sent", providerMessageId: sid, attemptCount: 1, attemptStartedAt: null, credits: 10 });
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: "success" });
    expect(attempts[0]!.responseBody).toContain(`Twilio already had this SMS (${sid})`);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 90, balance: 90 });
  });

  it("Twilio has nothing: sent once", async () => {
    const { account, id } = await smsCall();
    // Same text, but to another number: not this one.
    await attemptSms({ accountId: account.accountId, to: "+61400999888", text: SMS_TEXT });
    await crashMidAttempt(id, { twilioTookIt: false });

    expect(await deliver({ deliveryId: id })).toBe("sent");
    expect(providers.twilio.listings.length).toBeGreaterThanOrEqual(1);
    const mine = providers.twilio.messages.filter((m) => m.to === TO);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toBe(SMS_TEXT);
    expect(await row(id)).toMatchObject({ status: "sent", providerMessageId: mine[0]!.sid, attemptStartedAt: null });
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 90, balance: 90 });
  });

  it("the same text to the same number is another delivery's message: that one is not taken, this one is sent", async () => {
    const { account, id: earlier } = await smsCall();
    expect(await deliver({ deliveryId: earlier })).toBe("sent");
    const { id } = await smsCall();
    await crashMidAttempt(id, { twilioTookIt: false });

    expect(await deliver({ deliveryId: id })).toBe("sent");
    expect(providers.twilio.messages.map((m) => m.body)).toEqual([SMS_TEXT, SMS_TEXT]);
    const [a, b] = [await row(earlier), await row(id)];
    expect(a.providerMessageId).toBe(providers.twilio.messages[0]!.sid);
    expect(b.providerMessageId).toBe(providers.twilio.messages[1]!.sid);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 90, balance: 90 });
  });

  it("the same text to the same number, handed to Twilio by another delivery not yet recorded: that one is not taken, this one is sent", async () => {
    const { account, id: other } = await smsCall();
    const { id } = await smsCall();
    await crashMidAttempt(id, { twilioTookIt: false });
    // The other delivery is sending again in a live worker under a mark a minute old (its own earlier
    // attempt's outcome was lost): its message is at Twilio, its answer not yet recorded.
    await markAttemptStarted(db, await row(other), new Date(Date.now() - 60_000));
    const startedAt = new Date();
    const theirs = await crashMidAttempt(other, { twilioTookIt: true, at: startedAt });

    let settled = false;
    const recovering = deliver({ deliveryId: id }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    // Still waiting for the other delivery's answer, not done with its message.
    expect(settled).toBe(false);
    const recorded = await recordAttempt(db, await row(other), {
      startedAt,
      now: new Date(),
      outcome: { outcome: "success", via: "twilio", providerMessageId: theirs!, statusCode: null, latencyMs: 0, responseBody: null },
      retryAt: null,
    });
    expect(recorded.status).toBe("sent");
    expect(await recovering).toBe("sent");

    expect(providers.twilio.messages.map((m) => m.body)).toEqual([SMS_TEXT, SMS_TEXT]);
    expect((await row(other)).providerMessageId).toBe(theirs);
    expect((await row(id)).providerMessageId).toBe(providers.twilio.messages[1]!.sid);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 90, balance: 90 });
  });

  it("two lost outcomes with the same text, one of them at Twilio: each ends with a message of its own", async () => {
    const { id: first } = await smsCall();
    const { id: second } = await smsCall();
    // Both attempts died in the same worker half a minute ago; only the second's request reached Twilio.
    const at = new Date(Date.now() - 30_000);
    await crashMidAttempt(first, { twilioTookIt: false, at });
    await crashMidAttempt(second, { twilioTookIt: true, at });

    // The first may take the second's message (nothing can tell them apart); the second then finds it
    // taken and sends again. One message each, whoever ran first.
    expect(await deliver({ deliveryId: first })).toBe("sent");
    expect(await deliver({ deliveryId: second })).toBe("sent");
    expect(providers.twilio.messages).toHaveLength(2);
    const sids = [(await row(first)).providerMessageId, (await row(second)).providerMessageId];
    expect(new Set(sids)).toEqual(new Set(providers.twilio.messages.map((m) => m.sid)));
  });

  it("two recoveries that found the same message: the second to record it is refused, and its retry sends its own", async () => {
    const { id: first } = await smsCall();
    const { id: second } = await smsCall();
    const at = new Date(Date.now() - 30_000);
    const sid = await crashMidAttempt(first, { twilioTookIt: true, at });
    await crashMidAttempt(second, { twilioTookIt: false, at });
    const found = { outcome: "success" as const, via: "twilio" as const, providerMessageId: sid!, statusCode: null, latencyMs: 0, responseBody: null, found: true };

    expect(await recordAttempt(db, await row(first), { startedAt: at, now: new Date(), outcome: found, retryAt: null })).toMatchObject({ status: "sent" });
    await expect(recordAttempt(db, await row(second), { startedAt: at, now: new Date(), outcome: found, retryAt: null })).rejects.toBeInstanceOf(FoundSmsTaken);
    expect(await row(second)).toMatchObject({ status: "pending", providerMessageId: null });

    // pg-boss's retry of the job: Twilio's one message is taken, so this one is sent.
    expect(await deliver({ deliveryId: second })).toBe("sent");
    expect(providers.twilio.messages).toHaveLength(2);
    expect((await row(second)).providerMessageId).toBe(providers.twilio.messages[1]!.sid);
  });

  it("Twilio took it but its answer was lost: retried later, and the retry finds it instead of sending again", async () => {
    const { id } = await smsCall();
    providers.twilio.acceptThenDrop();
    expect(await deliver({ deliveryId: id })).toBe("retry_scheduled");
    expect(providers.twilio.messages).toHaveLength(1);
    const after = await row(id);
    expect(after).toMatchObject({ status: "pending", attemptCount: 1 });
    expect(after.attemptStartedAt).toBeInstanceOf(Date);

    expect(await deliver({ deliveryId: id, attempt: 2 })).toBe("sent");
    expect(providers.twilio.messages).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent", providerMessageId: providers.twilio.messages[0]!.sid, attemptStartedAt: null });
    expect((await attemptsOf(id)).map((a) => a.outcome)).toEqual(["retryable_error", "success"]);
  });

  it("Twilio cannot say (its list fails): nothing is sent, the attempt is retried, and the mark is kept for the retry", async () => {
    const { id } = await smsCall();
    const sid = await crashMidAttempt(id, { twilioTookIt: true });
    providers.twilio.scriptList({ status: 503 });
    expect(await deliver({ deliveryId: id })).toBe("retry_scheduled");
    expect(providers.twilio.messages).toHaveLength(1);
    const after = await row(id);
    expect(after.attemptStartedAt).toBeInstanceOf(Date);
    expect((await attemptsOf(id))[0]!.error).toMatch(/Could not ask Twilio whether the SMS was sent/);

    expect(await deliver({ deliveryId: id, attempt: 2 })).toBe("sent");
    expect(providers.twilio.messages).toHaveLength(1);
    expect((await row(id)).providerMessageId).toBe(sid);
  });
});

describe("without Twilio (the outbox)", () => {
  const TWILIO_VARS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"] as const;
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const name of TWILIO_VARS) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    resetEnvCache();
  });
  afterAll(() => {
    Object.assign(process.env, saved);
    resetEnvCache();
  });

  it("keeps one message per delivery attempt: a run after a crash finds the row its attempt already kept", async () => {
    const { id } = await smsCall();
    const d = await row(id);
    // The killed run got as far as the outbox insert.
    const first = await attemptSms({ accountId: d.accountId, to: TO, text: SMS_TEXT, deliveryId: id, attemptNumber: 1 });
    expect(first).toMatchObject({ outcome: "success", via: "outbox" });

    expect(await deliver({ deliveryId: id })).toBe("sent");
    const kept = await db.select().from(outbox).where(eq(outbox.deliveryId, id));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ attemptNumber: 1, bodyText: SMS_TEXT, channel: "sms" });
    expect(await row(id)).toMatchObject({ status: "sent", providerMessageId: kept[0]!.id });
    expect(first.outcome === "success" && first.providerMessageId).toBe(kept[0]!.id);
    expect(providers.twilio.messages).toHaveLength(0);
    expect(providers.twilio.listings).toHaveLength(0);
  });
});
