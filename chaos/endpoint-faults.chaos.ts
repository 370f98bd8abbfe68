/**
 * Chaos 3 and 4: the far ends fail. The worker runs as its own process with the real retry schedule
 * shrunk 1000× (DELIVERY_RETRY_SCALE=0.001, a test-only setting refused in production) — the schedule,
 * the jitter and `retry-after` handling are otherwise the real ones, through the real queue.
 *
 * 3. A customer's endpoint is down (connection refused), then answers 500s, then 429s with
 *    retry-after, then 200: every webhook arrives once it recovers, under one webhook-id and with the
 *    same body on every attempt, and the attempts log matches what the endpoint saw, request by request.
 * 4. Twilio and Resend time out or answer 5xx, then recover: retried and sent, charged once. Final 4xx
 *    answers: failed and refunded (a charge and a refund in the ledger).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb, db } from "@/db";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { resetEnvCache } from "@/lib/env";
import { createAccount, createActions } from "@/tests/factories";
import { fakeProviderEnv } from "@/tests/fakes/providers";
import { startFakeResend, type FakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio, type FakeTwilio } from "@/tests/fakes/twilio";
import { dropDatabasesWithPrefix, startTestServer } from "@/tests/pg-server";
import { startFlakyReceiver, type FlakyReceiver } from "./flaky-receiver";
import {
  CHAOS_ENV,
  callEndedBody,
  chaosPort,
  freshDatabase,
  paced,
  platformEvent,
  report,
  sendEvent,
  sleep,
  startWeb,
  startWorkerProcess,
  waitUntil,
  type Proc,
} from "./harness";

const SID = `AC${"d".repeat(32)}`;
const TOKEN = "chaos-twilio-token-faults";
const RESEND_KEY = "re_chaos_faults";
const SCALE = 0.001;

let server: Awaited<ReturnType<typeof startTestServer>>;
let dbName: string;
let databaseUrl: string;
let twilio: FakeTwilio;
let resend: FakeResend;
let endpoint: FlakyReceiver;
let endpointSecret = "";
let web: Awaited<ReturnType<typeof startWeb>> | undefined;
let worker: Proc | undefined;

beforeAll(async () => {
  server = await startTestServer();
  ({ name: dbName, url: databaseUrl } = await freshDatabase(server.adminUrl, "aftercall_chaos_faults"));
  Object.assign(process.env, CHAOS_ENV, { DATABASE_URL: databaseUrl });
  resetEnvCache();
  [twilio, resend, endpoint] = await Promise.all([
    startFakeTwilio({ accountSid: SID, authToken: TOKEN }),
    startFakeResend({ apiKey: RESEND_KEY }),
    startFlakyReceiver(() => endpointSecret),
  ]);
  web = await startWeb({ port: chaosPort(2), databaseUrl });
  worker = await startWorkerProcess({
    databaseUrl,
    env: {
      NODE_ENV: "test",
      DELIVERY_RETRY_SCALE: String(SCALE),
      ...fakeProviderEnv(twilio, resend),
    },
  });
});

afterAll(async () => {
  await worker?.kill();
  await web?.kill("SIGTERM");
  await Promise.all([twilio?.close(), resend?.close(), endpoint?.close()]);
  await closeDb();
  if (dbName) await dropDatabasesWithPrefix(server.adminUrl, dbName).catch(() => {});
  await server?.stop();
});

const count = async (query: ReturnType<typeof sql>) => (await db.execute<{ n: number }>(query))[0]!.n;

async function sendAll(agentNumber: string, n: number, spacingMs: number) {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
  const outcomes = await paced(
    Array.from({ length: n }, (_, i) => platformEvent(callEndedBody(agentNumber, run, i))),
    { concurrency: 4, spacingMs },
    (e) => sendEvent(web!.url, e),
  );
  expect(outcomes.map((o) => o.answers.join(","))).toEqual(Array(n).fill("202"));
  return outcomes.map((o) => o.callId!);
}

async function settle(accountId: string, timeoutMs: number) {
  const pending = () => count(sql`select count(*)::int as n from deliveries where account_id = ${accountId} and status = 'pending'`);
  await waitUntil(async () => (await pending()) === 0, timeoutMs, "deliveries to settle", 500).catch(async (e) => {
    throw new Error(`${(e as Error).message}: ${await pending()} pending\n${worker!.output()}`);
  });
}

type AttemptRow = { delivery_id: string; attempt_number: number; started_ms: number; status_code: number | null; outcome: string; error: string | null; webhook_id: string | null; request_body: string | null };

const WEBHOOKS = 30;
const DOWN_MS = 6_000;

it(`an endpoint down, then 500, then 429 + retry-after, then 200: all ${WEBHOOKS} webhooks arrive, one webhook-id each, attempts log = what it saw`, async () => {
  const started = Date.now();
  const account = await createAccount({ credits: 1_000 });
  await createActions(account.accountId, [{ channel: "webhook", destination: `${endpoint.url}/hooks/outage` }]);
  endpointSecret = (await ensureWebhookSecret(db, account.accountId)).secret;

  // The outage: connection refused while the calls arrive and for a while after.
  await endpoint.down();
  const downAt = Date.now();
  await sendAll(account.agentNumber, WEBHOOKS, 100);
  await sleep(Math.max(0, downAt + DOWN_MS - Date.now()));
  // Back, but sick: the next requests get 500s, then 429s asking for 1 s, then 200s.
  endpoint.script(
    ...Array.from({ length: 12 }, () => ({ status: 500 })),
    ...Array.from({ length: 12 }, () => ({ status: 429, headers: { "retry-after": "1" } })),
  );
  await endpoint.up();
  const upAt = Date.now();
  await settle(account.accountId, 120_000);

  const deliveries = await db.execute<{ id: string; status: string; message_id: string; attempt_count: number }>(sql`
    select id, status, message_id, attempt_count from deliveries where account_id = ${account.accountId}`);
  expect(deliveries).toHaveLength(WEBHOOKS);
  expect(deliveries.filter((d) => d.status !== "sent")).toEqual([]);
  expect(endpoint.remaining(), "the endpoint went through its 500s and 429s").toBe(0);

  const attempts = await db.execute<AttemptRow>(sql`
    select delivery_id, attempt_number, (extract(epoch from started_at) * 1000)::float8 as started_ms, status_code, outcome, error,
           request_headers->>'webhook-id' as webhook_id, request_body
      from delivery_attempts where account_id = ${account.accountId} order by delivery_id, attempt_number`);
  let refused = 0;
  for (const d of deliveries) {
    const mine = attempts.filter((a) => a.delivery_id === d.id);
    const saw = endpoint.seen.filter((s) => s.webhookId === d.message_id);
    expect(mine.map((a) => a.attempt_number)).toEqual(mine.map((_, i) => i + 1));
    expect(mine).toHaveLength(d.attempt_count);
    // One webhook-id and one body on every attempt, refused ones included.
    expect(new Set(mine.map((a) => a.webhook_id))).toEqual(new Set([d.message_id]));
    expect(new Set(mine.map((a) => a.request_body)).size).toBe(1);
    expect(new Set(saw.map((s) => s.body))).toEqual(new Set([mine[0]!.request_body]));
    expect(saw.every((s) => s.verified)).toBe(true);
    // The log matches the endpoint: the attempts that reached it are exactly its requests, answer for answer.
    const reached = mine.filter((a) => a.status_code !== null);
    expect(reached.map((a) => a.status_code)).toEqual(saw.map((s) => s.status));
    expect(mine.at(-1)).toMatchObject({ status_code: 200, outcome: "success" });
    // The rest were refused while it was down.
    for (const a of mine.filter((x) => x.status_code === null)) {
      expect(a.error).toMatch(/ECONNREFUSED/);
      expect(a.started_ms).toBeLessThan(upAt);
      refused++;
    }
    expect(mine.length).toBe(reached.length + mine.filter((x) => x.status_code === null).length);
    // retry-after: 1 was honoured — the attempt after a 429 came at least a second later.
    for (let i = 0; i + 1 < mine.length; i++) {
      if (mine[i]!.status_code === 429) expect(mine[i + 1]!.started_ms - mine[i]!.started_ms).toBeGreaterThanOrEqual(950);
    }
  }
  expect(endpoint.seen.every((s) => deliveries.some((d) => d.message_id === s.webhookId))).toBe(true);
  const statuses = endpoint.seen.reduce<Record<number, number>>((t, s) => ((t[s.status] = (t[s.status] ?? 0) + 1), t), {});
  expect(refused).toBeGreaterThanOrEqual(WEBHOOKS);
  expect(statuses).toMatchObject({ 500: 12, 429: 12, 200: WEBHOOKS });

  report("endpoint-outage", {
    webhooks: WEBHOOKS,
    delivered: deliveries.length,
    attempts: attempts.length,
    refusedWhileDown: refused,
    endpointSaw: statuses,
    downSeconds: Math.round((upAt - downAt) / 1000),
    retryScale: SCALE,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  });
}, 200_000);

it("Twilio and Resend time out or answer 5xx, then recover: retried and sent once charged; final 4xx: failed and refunded", async () => {
  const started = Date.now();
  const CREDITS = 5_000;
  const account = await createAccount({ credits: CREDITS });
  await createActions(account.accountId, [
    { channel: "sms", destination: "+61400111444" },
    { channel: "email", destination: "agent@acme.test" },
  ]);

  // Transient: a hang (the client's 15 s timeout), then 5xx and 429 answers, then normal service.
  twilio.reset();
  resend.reset();
  twilio.script({ hang: true }, { status: 503 }, { status: 500 }, { status: 429, body: { code: 20429, message: "Too Many Requests", status: 429 } });
  resend.script(
    { hang: true },
    { status: 500, body: { statusCode: 500, name: "internal_server_error", message: "Internal error" } },
    { status: 503, body: { statusCode: 503, name: "service_unavailable", message: "Try again" } },
  );
  const RECOVER = 6;
  const recoverCalls = await sendAll(account.agentNumber, RECOVER, 200);
  await settle(account.accountId, 120_000);

  const recovered = await db.execute<{ id: string; channel: string; status: string; attempts: number; failures: number; codes: number[] | null }>(sql`
    select d.id, d.channel::text as channel, d.status::text as status, d.attempt_count as attempts,
           (select count(*) from delivery_attempts a where a.delivery_id = d.id and a.outcome = 'retryable_error')::int as failures,
           (select array_agg(coalesce(a.status_code, 0) order by a.attempt_number) from delivery_attempts a where a.delivery_id = d.id and a.outcome = 'retryable_error') as codes
      from deliveries d where d.account_id = ${account.accountId} and d.call_id in ${sql.raw(`('${recoverCalls.join("','")}')`)}`);
  expect(recovered).toHaveLength(RECOVER * 2);
  expect(recovered.filter((d) => d.status !== "sent")).toEqual([]);
  const smsFailures = recovered.filter((d) => d.channel === "sms").reduce((n, d) => n + d.failures, 0);
  const emailFailures = recovered.filter((d) => d.channel === "email").reduce((n, d) => n + d.failures, 0);
  expect(smsFailures, "each scripted Twilio failure is a retryable attempt").toBe(4);
  expect(emailFailures, "each scripted Resend failure is a retryable attempt").toBe(3);
  // 0: no HTTP answer (the hangs, cut off by the client's timeout).
  const codes = recovered.flatMap((d) => d.codes ?? []).sort((a, b) => a - b);
  expect(codes).toEqual([0, 0, 429, 500, 500, 503, 503]);
  // One SMS per delivery at Twilio beyond the failures; one email per delivery at Resend (idempotency key).
  expect(twilio.messages).toHaveLength(RECOVER);
  expect(new Set(resend.emails.map((e) => e.idempotencyKey))).toEqual(new Set(recovered.filter((d) => d.channel === "email").map((d) => d.id)));

  // Final: Twilio says the number is invalid, Resend refuses the address.
  twilio.script(...Array.from({ length: 3 }, () => twilio.invalidNumber()));
  resend.script(...Array.from({ length: 3 }, () => ({ status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." } })));
  const FINAL = 3;
  const finalCalls = await sendAll(account.agentNumber, FINAL, 200);
  await settle(account.accountId, 60_000);
  const failed = await db.execute<{ id: string; channel: string; status: string; reason: string; attempts: number; credits: number; charges: number; refunds: number; net: number }>(sql`
    select d.id, d.channel::text as channel, d.status::text as status, d.reason, d.attempt_count as attempts, d.credits,
           (select count(*) from credit_ledger l where l.delivery_id = d.id and l.kind = 'charge')::int as charges,
           (select count(*) from credit_ledger l where l.delivery_id = d.id and l.kind = 'refund')::int as refunds,
           (select coalesce(sum(amount), 0) from credit_ledger l where l.delivery_id = d.id)::int as net
      from deliveries d where d.account_id = ${account.accountId} and d.call_id in ${sql.raw(`('${finalCalls.join("','")}')`)}`);
  expect(failed).toHaveLength(FINAL * 2);
  for (const d of failed) {
    expect(d).toMatchObject({
      status: "failed",
      reason: d.channel === "sms" ? "invalid_destination" : "provider_rejected",
      attempts: 1,
      credits: 0,
      charges: 1,
      refunds: 1,
      net: 0,
    });
  }

  // Every recovered message charged exactly once; every failed one charged and refunded; ledger = balance.
  const [totals] = await db.execute<{ ledger: number; balance: number; charges: number; refunds: number }>(sql`
    select (select sum(amount) from credit_ledger where account_id = ${account.accountId})::int as ledger,
           (select credit_balance from accounts where id = ${account.accountId}) as balance,
           (select count(*) from credit_ledger where account_id = ${account.accountId} and kind = 'charge')::int as charges,
           (select count(*) from credit_ledger where account_id = ${account.accountId} and kind = 'refund')::int as refunds`);
  const expected = CREDITS - RECOVER * 30;
  expect(totals).toEqual({ ledger: expected, balance: expected, charges: (RECOVER + FINAL) * 2, refunds: FINAL * 2 });

  report("provider-faults", {
    messages: (RECOVER + FINAL) * 2,
    recoveredAndSent: recovered.length,
    transientFaults: { twilio: smsFailures, resend: emailFailures, codes },
    finalFailuresRefunded: failed.length,
    charges: totals!.charges,
    refunds: totals!.refunds,
    balance: totals!.balance,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  });
}, 200_000);
