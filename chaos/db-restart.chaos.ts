/**
 * Chaos 2: PostgreSQL restarts (fast shutdown, a few seconds down, start) while call-end events arrive.
 * An embedded PostgreSQL of our own in a temp dir, so restarting it disturbs no shared server. Every
 * event answered 202/200 is stored; a 503 carries retry-after and the platform's retry is accepted;
 * nothing is half-stored (every call has its deliveries and their jobs; no delivery without its call);
 * the web server and the worker reconnect on their own and every delivery still goes out.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb, db } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { resetEnvCache } from "@/lib/env";
import { startEmbeddedDb, type EmbeddedDb } from "@/scripts/lib/embedded-db";
import { createAccount, createActions } from "@/tests/factories";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import {
  CHAOS_ENV,
  callEndedBody,
  chaosPort,
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

const EVENTS = Number(process.env.CHAOS_DB_EVENTS ?? 200);
const ARRIVAL_MS = 30_000;
/** When each restart begins (ms after the first event) and how long the database stays down. */
const RESTARTS_AT_MS = [6_000, 18_000];
const DOWN_MS = 3_000;
/** Events sent once the database is back, each of which must be accepted first time. */
const AFTER = 40;
const CREDITS = 50_000;
const TOTAL = EVENTS + AFTER;
const DATABASE = "aftercall_chaos";

let tmp: string;
let pg: EmbeddedDb | undefined;
let databaseUrl: string;
let receiver: WebhookReceiver;
let web: Awaited<ReturnType<typeof startWeb>> | undefined;
let worker: Proc | undefined;

const pgLog: string[] = [];
/** Starts (or restarts, same data and port) our own PostgreSQL; one retry, as initdb/start can trip on a loaded machine. */
async function startPg(): Promise<EmbeddedDb> {
  const start = () => startEmbeddedDb({ dir: path.join(tmp, "data"), database: DATABASE, preferredPort: 0, log: (m) => pgLog.push(m) });
  try {
    return await start();
  } catch {
    await sleep(1_000);
    return start().catch((error) => {
      throw new Error(`${(error as Error).message}\n${pgLog.slice(-20).join("\n")}`);
    });
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "aftercall-chaos-pg-"));
  chmodSync(tmp, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach its data folder
  pg = await startPg();
  databaseUrl = pg.url;
  await migrateDatabase(databaseUrl);
  Object.assign(process.env, CHAOS_ENV, { DATABASE_URL: databaseUrl });
  resetEnvCache();
  receiver = await startWebhookReceiver();
  web = await startWeb({ port: chaosPort(1), databaseUrl });
}, 180_000);

afterAll(async () => {
  await worker?.kill();
  await web?.kill("SIGTERM");
  await receiver?.close();
  await closeDb().catch(() => {});
  await pg?.stop().catch(() => {});
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const count = async (query: ReturnType<typeof sql>) => (await db.execute<{ n: number }>(query))[0]!.n;

it(`PostgreSQL restarted ${RESTARTS_AT_MS.length}× while ${EVENTS} events arrive: every accepted event stored whole, 503s accepted on retry, all delivered`, async () => {
  const started = Date.now();
  // SMS and email go to the outbox (no provider configured): this scenario is about the database.
  const account = await createAccount({ credits: CREDITS });
  await createActions(account.accountId, [
    { channel: "sms", destination: "+61400111333" },
    { channel: "email", destination: "agent@acme.test" },
    { channel: "webhook", destination: `${receiver.url}/hooks/db-restart` },
  ]);
  receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
  worker = await startWorkerProcess({ databaseUrl });

  const run = Date.now().toString(36);
  const events = Array.from({ length: EVENTS }, (_, i) => platformEvent(callEndedBody(account.agentNumber, run, i)));

  // The fault: restart PostgreSQL on schedule while the events arrive; probe health while it is down.
  const restarts: { atMs: number; downMs: number; healthWhileDown: number | null }[] = [];
  const sendStart = Date.now();
  const restarter = (async () => {
    for (const at of RESTARTS_AT_MS) {
      await sleep(Math.max(0, sendStart + at - Date.now()));
      const t0 = Date.now();
      await pg!.stop();
      const health = await fetch(`${web!.url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => null);
      await sleep(Math.max(0, DOWN_MS - (Date.now() - t0)));
      pg = await startPg();
      expect(pg.url, "restarted on the same port").toBe(databaseUrl);
      restarts.push({ atMs: t0 - sendStart, downMs: Date.now() - t0, healthWhileDown: health });
    }
  })();

  const outcomes = await paced(events, { concurrency: 8, spacingMs: ARRIVAL_MS / EVENTS }, (e) =>
    sendEvent(web!.url, e, { maxAttempts: 10, maxRetryAfterMs: 5_000 }),
  );
  await restarter;
  const arrivalMs = Date.now() - started;

  // Every answer is 202, 200 (a retry of one we had) or 503 with retry-after; never a 500 or no answer.
  const answers = outcomes.flatMap((o) => o.answers);
  const tally = answers.reduce<Record<string, number>>((t, s) => ((t[s] = (t[s] ?? 0) + 1), t), {});
  expect(answers.filter((s) => ![200, 202, 503].includes(s)), `answers: ${JSON.stringify(tally)}`).toEqual([]);
  expect(outcomes.reduce((n, o) => n + o.retryAfterMissing, 0), "every 503 carries retry-after").toBe(0);
  // Each event was finally accepted (the platform's retries of its 503s got through).
  const unaccepted = outcomes.filter((o) => !o.callId);
  expect(unaccepted, `not accepted: ${JSON.stringify(unaccepted.slice(0, 3))}`).toEqual([]);
  const retried503 = outcomes.filter((o) => o.answers.includes(503)).length;
  expect(restarts).toHaveLength(RESTARTS_AT_MS.length);
  expect(retried503, "the restarts were felt by ingest").toBeGreaterThan(0);

  // The web server reconnected by itself, and cleanly: a burst after the restarts is accepted first time
  // (a connection left broken in its pool would answer 503s, or hang, from now on).
  await waitUntil(async () => (await fetch(`${web!.url}/api/health`).then((r) => r.status, () => 0)) === 200, 30_000, "health after the restarts");
  const after = Array.from({ length: AFTER }, (_, i) => platformEvent(callEndedBody(account.agentNumber, run, EVENTS + i)));
  // A pooled connection the restart closed while idle fails its next query once (57P01): that is a 503
  // to retry, by contract. At most one per pooled connection (10), and every event is then accepted.
  const afterOutcomes = await paced(after, { concurrency: 8, spacingMs: 0 }, (e) => sendEvent(web!.url, e, { maxAttempts: 3, maxRetryAfterMs: 1_000 }));
  const afterAnswers = afterOutcomes.flatMap((o) => o.answers);
  expect(afterOutcomes.filter((o) => !o.callId), `after the restarts: ${afterAnswers.join(",")}`).toEqual([]);
  expect(afterAnswers.filter((s) => s !== 202 && s !== 503)).toEqual([]);
  expect(afterAnswers.filter((s) => s === 503).length, "503s after recovery").toBeLessThanOrEqual(10);
  outcomes.push(...afterOutcomes);

  // Stored: one call per event, exactly the ids we were answered with, each whole.
  const calls = await db.execute<{ id: string; external_id: string; deliveries: number; jobs: number }>(sql`
    select c.id, c.external_id,
           (select count(*) from deliveries d where d.call_id = c.id)::int as deliveries,
           (select count(*) from deliveries d
              where d.call_id = c.id
                and exists (select 1 from pgboss.job j where j.name = 'delivery' and j.data->>'deliveryId' = d.id))::int as jobs
      from calls c where c.account_id = ${account.accountId}`);
  expect(calls).toHaveLength(EVENTS + AFTER);
  expect(new Set(calls.map((c) => c.id))).toEqual(new Set(outcomes.map((o) => o.callId)));
  const partial = calls.filter((c) => c.deliveries !== 3 || c.jobs !== 3);
  expect(partial, "calls without all their deliveries and jobs").toEqual([]);
  expect(
    await count(sql`select count(*)::int as n from deliveries d where d.account_id = ${account.accountId} and not exists (select 1 from calls c where c.id = d.call_id)`),
    "deliveries without a call",
  ).toBe(0);

  // The worker reconnected too: everything goes out, charged once, ledger = balance.
  const pendingNow = () => count(sql`select count(*)::int as n from deliveries where account_id = ${account.accountId} and status = 'pending'`);
  await waitUntil(async () => (await pendingNow()) === 0, 150_000, "every delivery to finish after the restarts", 1_000).catch(async (e) => {
    throw new Error(`${(e as Error).message}: ${await pendingNow()} pending\n${worker!.output()}`);
  });
  const statuses = await db.execute<{ status: string; n: number }>(sql`
    select status, count(*)::int as n from deliveries where account_id = ${account.accountId} group by status`);
  expect(statuses).toEqual([{ status: "sent", n: TOTAL * 3 }]);
  // The same worker process did it all: a database restart does not kill it (patches/postgres+3.4.9.patch).
  expect(worker!.child.exitCode, worker!.output()).toBeNull();
  for (const p of [web!, worker!]) expect(p.output()).not.toMatch(/no longer applies|reading 'write'/);
  const [totals] = await db.execute<{ ledger: number; balance: number; charges: number; charged: number }>(sql`
    select (select sum(amount) from credit_ledger where account_id = ${account.accountId})::int as ledger,
           (select credit_balance from accounts where id = ${account.accountId}) as balance,
           (select count(*) from credit_ledger where account_id = ${account.accountId} and kind = 'charge')::int as charges,
           (select count(distinct delivery_id) from credit_ledger where account_id = ${account.accountId} and kind = 'charge')::int as charged`);
  expect(totals).toEqual({ ledger: CREDITS - TOTAL * 30, balance: CREDITS - TOTAL * 30, charges: TOTAL * 2, charged: TOTAL * 2 });
  const hookIds = new Set(
    (await db.execute<{ message_id: string }>(sql`select message_id from deliveries where account_id = ${account.accountId} and channel = 'webhook'`)).map(
      (r) => r.message_id,
    ),
  );
  expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(hookIds);
  expect(receiver.received.every((r) => r.verifiedWith === 0)).toBe(true);

  report("db-restart", {
    eventsSent: EVENTS,
    answers: tally,
    eventsRetriedAfter503: retried503,
    eventsSentAfterRecovery: AFTER,
    answersAfterRecovery: afterAnswers.reduce<Record<string, number>>((t, s) => ((t[s] = (t[s] ?? 0) + 1), t), {}),
    stored: calls.length,
    delivered: TOTAL * 3,
    charged: totals!.charges,
    balance: totals!.balance,
    dbRestarts: restarts.length,
    restarts,
    webhooksReceived: receiver.received.length,
    arrivalSeconds: Math.round(arrivalMs / 1000),
    totalSeconds: Math.round((Date.now() - started) / 1000),
  });
}, 330_000);
