import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { gettingStartedFacts } from "@/db/queries/getting-started";
import { accounts, agentNumbers, calls, creditLedger, deliveries, postCallActions } from "@/db/schema";
import { testSendLimitKey } from "@/lib/delivery/test-send-limit";
import { gettingStarted } from "@/lib/getting-started";
import { newId } from "@/lib/ids";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { stopBoss } from "@/lib/jobs/queue";
import type { WebhookPayload } from "@/lib/messages/webhook-payload";
import { callEndedJsonSchema } from "@/lib/messages/webhook-schema";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { startFakeProviders } from "@/tests/fakes/providers";
import { sendSampleCall } from "./sample-call";

const actor = { userId: null, label: "test" };
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
let fakes: Awaited<ReturnType<typeof startFakeProviders>>;

beforeAll(async () => {
  fakes = await startFakeProviders("sample");
});
afterAll(async () => {
  await stopBoss();
  await fakes.close();
});
beforeEach(() => fakes.reset());

async function balance(accountId: string) {
  const [row] = await db.select({ b: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId));
  return row!.b;
}

describe("Send a sample call", () => {
  it("runs a realistic event for this account through ingest and delivery: marked sample, sent as tests, free", async () => {
    const account = await createAccount({ credits: 100 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "me@example.com" },
      { channel: "webhook", destination: `${fakes.receiver.url}/hook` },
    ]);

    const result = await sendSampleCall(db, account.accountId, actor);
    expect(result).toMatchObject({ created: true, accountId: account.accountId });
    const [call] = await db.select().from(calls).where(eq(calls.id, result.callId));
    expect(call).toMatchObject({ accountId: account.accountId, sample: true, status: "completed", agentNumber: account.agentNumber, recordingUrl: null });
    expect(call!.summary).toBeTruthy();
    expect(call!.transcript.length).toBeGreaterThan(1);

    const rows = await db.select().from(deliveries).where(eq(deliveries.callId, result.callId));
    expect(rows.map((r) => [r.actionId, r.test, r.credits]).sort()).toEqual(actions.map((a) => [a.id, true, 0]).sort());

    // The worker's job, in action order: SMS and email first (a webhook reports their outcomes).
    const byAction = (id: string) => rows.find((r) => r.actionId === id)!.id;
    for (const a of actions) expect(await deliver({ deliveryId: byAction(a.id) })).toBe("sent");

    expect(fakes.twilio.messages).toHaveLength(1);
    expect(fakes.twilio.messages[0]!.body).toMatch(/^Test: Call from /);
    expect(fakes.resend.emails).toHaveLength(1);
    expect(fakes.resend.emails[0]!.subject).toMatch(/^\[Test\] Call from /);
    expect(fakes.resend.emails[0]!.html).toContain(`/calls/${result.callId}`);

    expect(fakes.receiver.received).toHaveLength(1);
    const payload = JSON.parse(fakes.receiver.received[0]!.body) as WebhookPayload;
    const validate = ajv.compile(callEndedJsonSchema);
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    expect(payload.test).toBe(true);
    expect(payload.data.call.id).toBe(result.callId);
    expect(payload.data.actions.map((a) => [a.id, a.status, a.credits])).toEqual([
      [actions[0]!.id, "sent", 0],
      [actions[1]!.id, "sent", 0],
    ]);

    // Nothing charged: the balance and the ledger are as before.
    expect(await balance(account.accountId)).toBe(100);
    const charges = await db.select().from(creditLedger).where(and(eq(creditLedger.accountId, account.accountId), eq(creditLedger.kind, "charge")));
    expect(charges).toEqual([]);
  });

  it("asks for the agent's number first, and stores nothing", async () => {
    const account = await createAccount();
    await db.delete(agentNumbers).where(eq(agentNumbers.accountId, account.accountId));
    await expect(sendSampleCall(db, account.accountId, actor)).rejects.toMatchObject({ status: 422, message: /register your agent's number/ });
    expect(await db.select().from(calls).where(eq(calls.accountId, account.accountId))).toEqual([]);
  });

  it("counts against the account's test-send limit", async () => {
    const account = await createAccount();
    await db.execute(sql`delete from rate_limits where key = ${testSendLimitKey(account.accountId)}`);
    for (let i = 0; i < 5; i++) await sendSampleCall(db, account.accountId, actor);
    await expect(sendSampleCall(db, account.accountId, actor)).rejects.toMatchObject({ status: 429 });
    expect(await db.execute(sql`select count(*)::int as n from calls where account_id = ${account.accountId}`)).toEqual([{ n: 5 }]);
  });
});

describe("the getting-started checklist", () => {
  it("ticks each step as the account does it, and stays until a real call arrives", async () => {
    const account = await createAccount();
    await db.delete(agentNumbers).where(eq(agentNumbers.accountId, account.accountId));
    const state = async () => {
      const c = gettingStarted(await gettingStartedFacts(db, account.accountId));
      return { done: c.steps.filter((s) => s.done).map((s) => s.id), visible: c.visible };
    };
    expect(await state()).toEqual({ done: [], visible: true });

    await db.insert(agentNumbers).values({ id: newId("num"), accountId: account.accountId, e164: account.agentNumber });
    expect(await state()).toEqual({ done: ["agent-number"], visible: true });

    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: "https://hooks.example.com/a" }]);
    expect(await state()).toEqual({ done: ["agent-number", "post-call-action"], visible: true });

    await sendSampleCall(db, account.accountId, actor);
    expect(await state()).toEqual({ done: ["agent-number", "post-call-action", "sample-call"], visible: true });

    await createCall(account, actions);
    expect(await state()).toEqual({ done: ["agent-number", "post-call-action", "sample-call"], visible: false });

    // Another account's progress is not this one's.
    const other = await createAccount();
    expect(gettingStarted(await gettingStartedFacts(db, other.accountId)).doneCount).toBe(1);
    await db.delete(postCallActions).where(eq(postCallActions.accountId, account.accountId));
    expect((await state()).done).toEqual(["agent-number", "sample-call"]);
  });
});
