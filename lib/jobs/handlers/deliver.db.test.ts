import { and, asc, eq, sql } from "drizzle-orm";
import { DEFAULT_SCHEMA, notifyChannelSql } from "pg-boss/dist/plans.js";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, sqlClient } from "@/db";
import { ledgerTotals } from "@/db/queries/charges";
import { activeSigningSecrets, ensureWebhookSecret, rotateWebhookSecret } from "@/db/queries/webhook-secrets";
import { accounts, creditLedger, deliveries, deliveryAttempts, outbox, postCallActions } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { requeueDelivery as resendDelivery } from "@/db/queries/delivery-lifecycle";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall, createTestDelivery } from "@/tests/factories";
import { fakeProviderEnv } from "@/tests/fakes/providers";
import { startFakeResend, type FakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio, type FakeTwilio } from "@/tests/fakes/twilio";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { smsTransport } from "@/lib/delivery/sms";
import type { WebhookPayload } from "@/lib/messages/webhook-payload";
import { deliver } from "./deliver";

type Payload = WebhookPayload;

const SID = `AC${"1".repeat(32)}`;
const TOKEN = "fake-twilio-token";
const RESEND_KEY = "re_test_key";

let twilio: FakeTwilio;
let resend: FakeResend;
let receiver: WebhookReceiver;

beforeAll(async () => {
  twilio = await startFakeTwilio({ accountSid: SID, authToken: TOKEN });
  resend = await startFakeResend({ apiKey: RESEND_KEY });
  receiver = await startWebhookReceiver();
  Object.assign(process.env, {
    ...fakeProviderEnv(twilio, resend),
  });
  resetEnvCache();
  smsTransport.timeoutMs = 1_500;
});

afterAll(async () => {
  await stopBoss();
  await Promise.all([twilio.close(), resend.close(), receiver.close()]);
});

beforeEach(() => {
  twilio.reset();
  resend.reset();
  receiver.reset();
});

async function deliveryRow(id: string) {
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, id));
  return row!;
}
async function attemptsOf(id: string) {
  return db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id)).orderBy(asc(deliveryAttempts.attemptNumber));
}
function attemptsStartedAt(rows: { startedAt: Date }[]) {
  return rows.map((a) => Math.floor(a.startedAt.getTime() / 1000));
}
async function balance(accountId: string) {
  const [row] = await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
  return row!.b;
}

describe("SMS through Twilio", () => {
  it("sends the caller ID, the saved contact's name and the summary, charges 10 credits once", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
    const { deliveryIds } = await createCall(account, actions, { savedContactName: "Jane Citizen", contactNameHeard: "Janet" });
    const id = deliveryIds[0]!;

    expect(await deliver({ deliveryId: id })).toBe("sent");
    expect(twilio.messages).toHaveLength(1);
    const sms = twilio.messages[0]!;
    expect(sms).toMatchObject({ accountSid: SID, to: "+61400111222", from: "+61400000001" });
    expect(sms.body).toBe("Call from Jane Citizen (+61 412 345 678)\nWants an appraisal of 12 Smith St before listing.");

    const row = await deliveryRow(id);
    expect(row).toMatchObject({ status: "sent", attemptCount: 1, credits: 10, providerMessageId: sms.sid, reason: null });
    expect(row.completedAt).toBeInstanceOf(Date);
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attemptNumber: 1, outcome: "success" });
    expect(await balance(account.accountId)).toBe(90);

    // A redelivered job does nothing: no second SMS, no second charge.
    expect(await deliver({ deliveryId: id })).toBe("not_pending");
    expect(twilio.messages).toHaveLength(1);
    expect(await balance(account.accountId)).toBe(90);
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 90, balance: 90 });
  });

  it("the charge that takes the balance below the owner's threshold emails the owners once; the charges after it do not", async () => {
    const account = await createAccount({ credits: 65, ownerEmail: "low@acme.test" });
    await db.update(accounts).set({ lowBalanceThreshold: 50 }).where(eq(accounts.id, account.accountId));
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
    const lowAlerts = () => resend.emails.filter((e) => e.to.includes("low@acme.test"));
    for (const [balanceAfter, alerts] of [[55, 0], [45, 1], [35, 1]] as const) {
      const { deliveryIds } = await createCall(account, actions);
      expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("sent");
      expect(await balance(account.accountId)).toBe(balanceAfter);
      expect(lowAlerts()).toHaveLength(alerts);
    }
    expect(lowAlerts()[0]!.subject).toContain("45");
  });

  it("uses the name heard on the call when the caller is not a saved contact", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
    const { deliveryIds } = await createCall(account, actions, { callerNumber: "+61412000999", contactNameHeard: "Bob Heard" });
    await deliver({ deliveryId: deliveryIds[0]! });
    expect(twilio.messages[0]!.body).toMatch(/^Call from Bob Heard \(\+61 412 000 999\)\n/);
  });

  it("retries a 5xx, a 429 and a timeout on the schedule, then sends once", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
    const { deliveryIds } = await createCall(account, actions);
    const id = deliveryIds[0]!;
    twilio.script({ status: 503 }, { status: 429, body: { code: 20429, message: "Too many requests", status: 429 } }, { hang: true });
    let t = new Date("2026-11-24T09:00:00Z");
    const deps = { now: () => t, random: () => 0.5 };

    expect(await deliver({ deliveryId: id }, deps)).toBe("retry_scheduled");
    let row = await deliveryRow(id);
    expect(row).toMatchObject({ status: "pending", attemptCount: 1, credits: 10 });
    expect(row.nextAttemptAt!.getTime() - t.getTime()).toBe(5_000);
    expect(await deliver({ deliveryId: id, attempt: 2 }, deps)).toBe("retry_scheduled");
    expect((await deliveryRow(id)).nextAttemptAt!.getTime() - t.getTime()).toBe(60_000);
    // A stale copy of an earlier job changes nothing.
    expect(await deliver({ deliveryId: id, attempt: 2 }, deps)).toBe("stale");
    t = new Date(t.getTime() + 60_000);
    expect(await deliver({ deliveryId: id, attempt: 3 }, deps)).toBe("retry_scheduled");
    expect(await deliver({ deliveryId: id, attempt: 4 }, deps)).toBe("sent");

    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => [a.outcome, a.statusCode])).toEqual([
      ["retryable_error", 503],
      ["retryable_error", 429],
      ["retryable_error", null],
      ["success", null],
    ]);
    expect(attempts[2]!.error).toMatch(/Twilio unreachable/);
    expect(twilio.messages).toHaveLength(1);
    row = await deliveryRow(id);
    expect(row).toMatchObject({ status: "sent", attemptCount: 4, credits: 10, nextAttemptAt: null });
    expect(await balance(account.accountId)).toBe(90);
  });

  it("fails at once on an invalid number and refunds the charge", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
    const { deliveryIds } = await createCall(account, actions);
    twilio.script(twilio.invalidNumber());
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("failed");
    const row = await deliveryRow(deliveryIds[0]!);
    expect(row).toMatchObject({ status: "failed", reason: "invalid_destination", credits: 0, lastStatusCode: 400 });
    const [a] = await attemptsOf(row.id);
    expect(a).toMatchObject({ outcome: "final_error", statusCode: 400 });
    expect(a!.responseBody).toContain("21211");
    const ledger = await db.select().from(creditLedger).where(eq(creditLedger.deliveryId, row.id)).orderBy(asc(creditLedger.id));
    expect(ledger.map((l) => [l.kind, l.amount])).toEqual([["charge", -10], ["refund", 10]]);
    expect(await balance(account.accountId)).toBe(100);
  });

  it("skips with insufficient_credits when the balance can't cover it, charging nothing", async () => {
    const account = await createAccount({ credits: 5 });
    const actions = await createActions(account.accountId, [{ channel: "sms", destination: "+61400111222" }]);
    const { deliveryIds } = await createCall(account, actions);
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("skipped");
    expect(await deliveryRow(deliveryIds[0]!)).toMatchObject({ status: "skipped", reason: "insufficient_credits", credits: 0 });
    expect(twilio.messages).toHaveLength(0);
    expect(await balance(account.accountId)).toBe(5);
  });
});

describe("email through Resend", () => {
  it("sends subject, HTML and text with every email field, idempotency key = delivery id, 20 credits", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "email", destination: "agent@acme.test" }]);
    const { deliveryIds, callId } = await createCall(account, actions, { savedContactName: "Jane Citizen" });
    const id = deliveryIds[0]!;
    expect(await deliver({ deliveryId: id })).toBe("sent");

    expect(resend.emails).toHaveLength(1);
    const email = resend.emails[0]!;
    expect(email.to).toEqual(["agent@acme.test"]);
    expect(email.idempotencyKey).toBe(id);
    expect(email.subject).toBe("Call from Jane Citizen (+61 412 345 678)");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("Jane Citizen");
      expect(body).toContain("+61 412 345 678");
      expect(body).toContain("Wants an appraisal of 12 Smith St");
      expect(body).toContain("Mobile");
      expect(body).toContain("3m 12s");
      expect(body).toContain("appraisal of 12 Smith St."); // the transcript
      expect(body).toContain("reached Test Realty.");
      expect(body).toContain(`http://localhost:3000/r/${callId}.`);
    }
    expect(await deliveryRow(id)).toMatchObject({ status: "sent", credits: 20, providerMessageId: email.id });
    expect(await balance(account.accountId)).toBe(80);
  });

  it("leaves out the recording link once the recording is deleted", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "email", destination: "agent@acme.test" }]);
    const { deliveryIds } = await createCall(account, actions, { recordingUrl: null });
    await deliver({ deliveryId: deliveryIds[0]! });
    expect(resend.emails[0]!.text).not.toContain("/r/");
  });

  it("a retried send after a lost answer reuses the idempotency key, so Resend keeps one email", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "email", destination: "agent@acme.test" }]);
    const { deliveryIds } = await createCall(account, actions);
    resend.script({ status: 500, body: { statusCode: 500, name: "internal_server_error", message: "boom" } });
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("retry_scheduled");
    expect(await deliver({ deliveryId: deliveryIds[0]!, attempt: 2 })).toBe("sent");
    expect(resend.requests.map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, deliveryIds[0]],
      [200, deliveryIds[0]],
    ]);
    expect(resend.emails).toHaveLength(1);
    expect(await balance(account.accountId)).toBe(80);
  });

  it("fails a 422 at once and refunds", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [{ channel: "email", destination: "agent@acme.test" }]);
    const { deliveryIds } = await createCall(account, actions);
    resend.script({ status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } });
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("failed");
    expect(await deliveryRow(deliveryIds[0]!)).toMatchObject({ status: "failed", reason: "provider_rejected", credits: 0 });
    expect(await balance(account.accountId)).toBe(100);
  });

  it("sends a test email from the sample call, free, marked as a test and linking nowhere", async () => {
    const account = await createAccount({ credits: 0 });
    const id = await createTestDelivery(account.accountId, "email", "dev@acme.test");
    expect(await deliver({ deliveryId: id })).toBe("sent");
    expect(resend.emails[0]!.subject).toBe("[Test] Call from Jane Citizen (+61 412 345 678)");
    expect(resend.emails[0]!.html).not.toContain("/calls/call_sample");
    expect(resend.emails[0]!.html).not.toContain("/r/sample");
    expect(await deliveryRow(id)).toMatchObject({ status: "sent", credits: 0 });
  });
});

describe("signed webhooks", () => {
  it("posts the §3 payload with Standard Webhooks headers that the official library verifies", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "agent@acme.test" },
      { channel: "webhook", destination: `${receiver.url}/hooks/aftercall` },
    ]);
    const { deliveryIds, callId } = await createCall(account, actions, { savedContactName: "Jane Citizen" });
    const [smsId, emailId, hookId] = deliveryIds as [string, string, string];
    const { secret } = await ensureWebhookSecret(db, account.accountId);
    receiver.setSecrets([secret]);

    // The webhook's job starts once the SMS and email have reached a first outcome (tests below).
    await deliver({ deliveryId: smsId });
    await deliver({ deliveryId: emailId });
    expect(await deliver({ deliveryId: hookId })).toBe("sent");

    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.verifiedWith).toBe(0);
    expect(got.path).toBe("/hooks/aftercall");
    const hook = await deliveryRow(hookId);
    expect(got.headers["webhook-id"]).toBe(hook.messageId);
    expect(got.headers["user-agent"]).toBe("Aftercall-Webhooks/1");
    expect(got.headers["content-type"]).toBe("application/json");
    const payload = new Webhook(secret).verify(got.body, got.headers) as Payload;
    expect(payload).toMatchObject({ type: "call.ended", api_version: "2026-11-01", test: false });
    expect(payload.data.call).toMatchObject({
      id: callId,
      direction: "inbound",
      status: "completed",
      from: "+61412345678",
      contact: { name: "Jane Citizen", phone: "+61412345678", phone_type: "mobile" },
      duration_seconds: 192,
      summary: "Wants an appraisal of 12 Smith St before listing.",
      transcript_text: "Agent: Hi, you've reached Test Realty.\nCaller: I'd like an appraisal of 12 Smith St.",
    });
    expect(payload.data.call.recording_url).toMatch(new RegExp(`^http://localhost:3000/r/${callId}\\.`));
    expect(payload.data.actions).toEqual([
      { id: actions[0]!.id, channel: "sms", to: "+61400111222", status: "sent", credits: 10, error: null },
      { id: actions[1]!.id, channel: "email", to: "agent@acme.test", status: "sent", credits: 20, error: null },
    ]);
    expect(hook).toMatchObject({ status: "sent", lastStatusCode: 200, credits: 0, attemptCount: 1 });
    const [a] = await attemptsOf(hookId);
    expect(a).toMatchObject({ outcome: "success", statusCode: 200, requestBody: got.body });
    expect(a!.requestHeaders).toMatchObject({ "webhook-id": hook.messageId, "webhook-signature": got.headers["webhook-signature"] });
    expect(a!.responseBody).toBe('{"ok":true}');
    expect(await balance(account.accountId)).toBe(70);
  });

  /** A call whose account has an SMS action and then a webhook action (deliveryIds in that order). */
  async function callWithSmsAndWebhook() {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "webhook", destination: `${receiver.url}/h` },
    ]);
    const { deliveryIds } = await createCall(account, actions);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    return { actions, deliveryIds };
  }

  /** The webhook delivery's first job as a worker's fetch would see it, and its wait counter. */
  async function webhookJob(deliveryId: string) {
    const [job] = await db.execute<{ held_seconds: number; runnable: boolean; priority: number }>(sql`
      select extract(epoch from start_after - created_on)::int as held_seconds, start_after <= pgboss.job_now() as runnable, priority
        from pgboss.job where name = 'delivery' and singleton_key = ${deliveryId} and state = 'created'`);
    return { job, awaitingMessages: (await deliveryRow(deliveryId)).awaitingMessages };
  }

  /** Collects pg-boss's wake-ups for the delivery queue (what the worker's listener hears). */
  async function listenForJobs() {
    const [row] = await sqlClient().unsafe<{ channel: string }[]>(`select ${notifyChannelSql(DEFAULT_SCHEMA)} as channel`);
    const heard: string[] = [];
    const listening = await sqlClient().listen(row!.channel, (payload) => heard.push(payload));
    const heardSoon = async () => {
      const until = Date.now() + 5_000;
      while (heard.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      return heard;
    };
    return { heard, heardSoon, unlisten: () => listening.unlisten() };
  }

  it("a webhook's job is held while the call's SMS has no outcome, and started (with a wake-up) by the statement recording it", async () => {
    const { actions, deliveryIds } = await callWithSmsAndWebhook();
    // Held back by the whole wait, so no worker slot is taken while the SMS goes out.
    expect(await webhookJob(deliveryIds[1]!)).toEqual({ job: { held_seconds: 10, runnable: false, priority: 0 }, awaitingMessages: 1 });
    const wakeups = await listenForJobs();
    try {
      expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("sent");
      expect(await webhookJob(deliveryIds[1]!)).toMatchObject({ job: { runnable: true }, awaitingMessages: 0 });
      expect(await wakeups.heardSoon()).toEqual(["delivery"]);
    } finally {
      await wakeups.unlisten();
    }
    // The webhook itself no longer waits: it reports the SMS's outcome.
    expect(await deliver({ deliveryId: deliveryIds[1]! })).toBe("sent");
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body.data.actions).toEqual([{ id: actions[0]!.id, channel: "sms", to: "+61400111222", status: "sent", credits: 10, error: null }]);
  });

  it("an SMS and an email settling at once start the webhook once both have an outcome, whichever records last", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "agent@acme.test" },
      { channel: "webhook", destination: `${receiver.url}/h` },
    ]);
    for (let round = 0; round < 5; round++) {
      const { deliveryIds } = await createCall(account, actions);
      expect(await webhookJob(deliveryIds[2]!)).toMatchObject({ job: { runnable: false }, awaitingMessages: 2 });
      const results = await Promise.all([deliver({ deliveryId: deliveryIds[0]! }), deliver({ deliveryId: deliveryIds[1]! })]);
      expect(results).toEqual(["sent", "sent"]);
      expect(await webhookJob(deliveryIds[2]!)).toMatchObject({ job: { runnable: true }, awaitingMessages: 0 });
    }
  });

  it("a failed, skipped or retrying first outcome counts too; a later attempt of the same message does not count again", async () => {
    const account = await createAccount({ credits: 10 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "agent@acme.test" },
      { channel: "webhook", destination: `${receiver.url}/h` },
    ]);
    const { deliveryIds } = await createCall(account, actions);
    twilio.script({ status: 503, body: { code: 20500, message: "down" } });
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("retry_scheduled");
    expect(await webhookJob(deliveryIds[2]!)).toMatchObject({ job: { runnable: false }, awaitingMessages: 1 });
    // The SMS's retry succeeding is not a second outcome to count.
    expect(await deliver({ deliveryId: deliveryIds[0]!, attempt: 2 })).toBe("sent");
    expect(await webhookJob(deliveryIds[2]!)).toMatchObject({ job: { runnable: false }, awaitingMessages: 1 });
    // 10 credits: the SMS took them all, so the email is skipped — an outcome.
    expect(await deliver({ deliveryId: deliveryIds[1]! })).toBe("skipped");
    expect(await webhookJob(deliveryIds[2]!)).toMatchObject({ job: { runnable: true }, awaitingMessages: 0 });
  });

  it("a webhook whose messages never get an outcome goes at the end of the wait, reporting them as pending", async () => {
    const { actions, deliveryIds } = await callWithSmsAndWebhook();
    // Its job comes due 10 s after the call was stored, whatever the SMS does; then it reads them once.
    expect(await webhookJob(deliveryIds[1]!)).toMatchObject({ job: { held_seconds: 10, runnable: false } });
    expect(await deliver({ deliveryId: deliveryIds[1]! })).toBe("sent");
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body.data.actions).toEqual([{ id: actions[0]!.id, channel: "sms", to: "+61400111222", status: "pending", credits: 0, error: null }]);
    // The SMS's outcome afterwards changes nothing of the webhook's.
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("sent");
    expect(await webhookJob(deliveryIds[1]!)).toMatchObject({ job: { runnable: false }, awaitingMessages: 1 });
  });

  it("signs with both secrets during a rotation", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/h` }]);
    const old = await ensureWebhookSecret(db, account.accountId);
    const fresh = await rotateWebhookSecret(db, account.accountId, { userId: null, label: "test" });
    expect(await activeSigningSecrets(db, account.accountId)).toEqual([fresh.secret, old.secret]);
    const { deliveryIds } = await createCall(account, actions);
    receiver.setSecrets([old.secret]);
    await deliver({ deliveryId: deliveryIds[0]! });
    expect(receiver.received[0]!.verifiedWith).toBe(0);
    expect(receiver.received[0]!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    new Webhook(fresh.secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers);
    // Rotating again: only the newest two sign.
    const third = await rotateWebhookSecret(db, account.accountId, { userId: null, label: "test" });
    expect(await activeSigningSecrets(db, account.accountId)).toEqual([third.secret, fresh.secret]);
  });

  it("retries with the same webhook-id and body on the schedule, honours retry-after, then fails, alerting the owner", async () => {
    const account = await createAccount({ ownerEmail: "boss@acme.test" });
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/h` }]);
    const { deliveryIds } = await createCall(account, actions);
    const id = deliveryIds[0]!;
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    receiver.script(
      { status: 500 },
      { status: 429, headers: { "retry-after": "120" } },
      { status: 503, headers: { "retry-after": "7" } },
      { status: 302, headers: { location: "http://169.254.169.254/" } },
      { status: 404 },
      { status: 400 },
      { status: 500 },
      { status: 502 },
    );
    let t = new Date("2026-11-24T09:00:00Z");
    const deps = { now: () => t, random: () => 0.25 };
    const delays: number[] = [];
    for (let n = 1; n <= 7; n++) {
      expect(await deliver({ deliveryId: id, attempt: n }, deps)).toBe("retry_scheduled");
      const row = await deliveryRow(id);
      delays.push((row.nextAttemptAt!.getTime() - t.getTime()) / 1000);
      t = row.nextAttemptAt!;
    }
    // Jitter 0.25 → 0.75 × base; attempts 2 and 3 honour retry-after.
    expect(delays).toEqual([3.75, 120, 7, 5400, 13500, 27000, 27000]);
    expect(await deliver({ deliveryId: id, attempt: 8 }, deps)).toBe("failed");

    const row = await deliveryRow(id);
    expect(row).toMatchObject({ status: "failed", reason: "retries_exhausted", attemptCount: 8, lastStatusCode: 502 });
    const ids = new Set(receiver.received.map((r) => r.headers["webhook-id"]));
    expect([...ids]).toEqual([row.messageId]);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    // Signed at each attempt's (simulated) time: the official library computes the same signature.
    const secret = (await activeSigningSecrets(db, account.accountId))[0]!;
    for (const r of receiver.received) {
      const ts = new Date(Number(r.headers["webhook-timestamp"]) * 1000);
      expect(r.headers["webhook-signature"]).toBe(new Webhook(secret).sign(row.messageId, ts, r.body));
    }
    expect(receiver.received.map((r) => Number(r.headers["webhook-timestamp"]))).toEqual(
      attemptsStartedAt(await attemptsOf(id)),
    );
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 429, 503, 302, 404, 400, 500, 502]);
    expect(attempts[3]!.error).toBe("Redirect 302 not followed (to http://169.254.169.254/)");
    const alerts = await db.select().from(outbox).where(and(eq(outbox.accountId, account.accountId), eq(outbox.kind, "alert")));
    expect(resend.emails.filter((e) => e.to.includes("boss@acme.test"))).toHaveLength(1);
    expect(resend.emails[0]!.subject).toBe("Webhook delivery failed");
    expect(resend.emails[0]!.text).toContain(row.messageId);
    expect(alerts).toHaveLength(0); // sent through Resend, not kept
    const [action] = await db.select().from(postCallActions).where(eq(postCallActions.id, actions[0]!.id));
    expect(action!.failingSince).toBeInstanceOf(Date);
    expect(action!.disabledAt).toBeNull();
  });

  it("410 disables the endpoint; later deliveries to it are skipped", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/h` }]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    const first = await createCall(account, actions);
    receiver.script({ status: 410 });
    expect(await deliver({ deliveryId: first.deliveryIds[0]! })).toBe("failed");
    expect(await deliveryRow(first.deliveryIds[0]!)).toMatchObject({ status: "failed", reason: "endpoint_gone", lastStatusCode: 410 });
    const [action] = await db.select().from(postCallActions).where(eq(postCallActions.id, actions[0]!.id));
    expect(action).toMatchObject({ disabledReason: "gone" });
    expect(action!.disabledAt).toBeInstanceOf(Date);

    const second = await createCall(account, actions);
    expect(await deliver({ deliveryId: second.deliveryIds[0]! })).toBe("skipped");
    expect(await deliveryRow(second.deliveryIds[0]!)).toMatchObject({ status: "skipped", reason: "endpoint_disabled" });
    expect(receiver.received).toHaveLength(1);
  });

  it("disables an endpoint that has been failing for 5 days", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/h` }]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    const t0 = new Date("2026-11-20T00:00:00Z");
    await db.update(postCallActions).set({ failingSince: t0 }).where(eq(postCallActions.id, actions[0]!.id));
    const { deliveryIds } = await createCall(account, actions);
    receiver.script({ status: 500 });
    const now = new Date(t0.getTime() + 5 * 86400_000 + 1000);
    expect(await deliver({ deliveryId: deliveryIds[0]! }, { now: () => now })).toBe("failed");
    expect(await deliveryRow(deliveryIds[0]!)).toMatchObject({ status: "failed", reason: "endpoint_disabled" });
    const [action] = await db.select().from(postCallActions).where(eq(postCallActions.id, actions[0]!.id));
    expect(action).toMatchObject({ disabledReason: "failing" });
  });

  it("a success clears failing_since", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/h` }]);
    await db.update(postCallActions).set({ failingSince: new Date() }).where(eq(postCallActions.id, actions[0]!.id));
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    const { deliveryIds } = await createCall(account, actions);
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("sent");
    const [action] = await db.select().from(postCallActions).where(eq(postCallActions.id, actions[0]!.id));
    expect(action!.failingSince).toBeNull();
  });

  it("times out after 10 s and retries", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/h` }]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    const { deliveryIds } = await createCall(account, actions);
    receiver.script({ hang: true });
    const started = Date.now();
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("retry_scheduled");
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(9_900);
    expect(took).toBeLessThan(16_000);
    const [a] = await attemptsOf(deliveryIds[0]!);
    expect(a).toMatchObject({ outcome: "retryable_error", statusCode: null, error: "Timed out after 10 s" });
  }, 20_000);

  it("a resend delivers again with the same webhook-id and body, and never charges twice", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "webhook", destination: `${receiver.url}/h` },
    ]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    const { deliveryIds } = await createCall(account, actions);
    const [smsId, hookId] = deliveryIds as [string, string];
    await deliver({ deliveryId: smsId });
    await deliver({ deliveryId: hookId });
    const other = await createAccount();
    expect(await db.transaction((tx) => resendDelivery(tx, other.accountId, hookId))).toBe(false);
    expect(await db.transaction((tx) => resendDelivery(tx, account.accountId, hookId))).toBe(true);
    expect(await db.transaction((tx) => resendDelivery(tx, account.accountId, smsId))).toBe(true);
    // The job a resend enqueued carries the next attempt number; a stale copy of the first does nothing.
    expect(await deliver({ deliveryId: hookId })).toBe("stale");
    expect(await deliver({ deliveryId: hookId, attempt: 2 })).toBe("sent");
    expect(await deliver({ deliveryId: smsId, attempt: 2 })).toBe("sent");
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers["webhook-id"]).toBe(receiver.received[0]!.headers["webhook-id"]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(twilio.messages).toHaveLength(2);
    expect(await balance(account.accountId)).toBe(90);
    expect(await deliveryRow(hookId)).toMatchObject({ status: "sent", attemptCount: 2 });
  });

  it("sends a signed test event from the sample call", async () => {
    const account = await createAccount();
    const { secret } = await ensureWebhookSecret(db, account.accountId);
    receiver.setSecrets([secret]);
    const id = await createTestDelivery(account.accountId, "webhook", `${receiver.url}/test`);
    expect(await deliver({ deliveryId: id })).toBe("sent");
    const payload = new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers) as Payload;
    expect(payload).toMatchObject({ test: true, data: { call: { id: "call_sample", contact: { name: "Jane Citizen" } }, actions: [] } });
  });
});
