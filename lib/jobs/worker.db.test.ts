import { spawn, type ChildProcess } from "node:child_process";
import { eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { ledgerTotals } from "@/db/queries/charges";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { deliveries } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { fakeProviderEnv } from "@/tests/fakes/providers";
import { startFakeResend, type FakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio, type FakeTwilio } from "@/tests/fakes/twilio";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { PreparingClient } from "./preparing-pg-client";
import { getBoss, stopBoss } from "./queue";
import { startWorker, type WorkerHandle } from "./worker";

/**
 * The worker as it runs: jobs committed with a call wake it through LISTEN/NOTIFY, and a worker
 * process killed with SIGKILL mid-delivery loses nothing and charges nothing twice.
 */
const SID = `AC${"2".repeat(32)}`;
const TOKEN = "fake-twilio-token-2";
const RESEND_KEY = "re_worker_test";

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
});

afterAll(async () => {
  await stopBoss();
  await Promise.all([twilio.close(), resend.close(), receiver.close()]);
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function pendingCount(accountId: string) {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from deliveries where account_id = ${accountId} and status = 'pending'`,
  );
  return row!.n;
}

describe("in-process worker", () => {
  let worker: WorkerHandle;
  beforeAll(async () => {
    worker = await startWorker({ inApp: true, slots: 4 });
  });
  afterAll(async () => {
    await worker.stop({ timeoutMs: 5_000 });
  });

  it("is woken by NOTIFY: a committed call's SMS, email and webhook go out at once, not at the next poll", async () => {
    const account = await createAccount({ credits: 1_000 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "agent@acme.test" },
      { channel: "webhook", destination: `${receiver.url}/live` },
    ]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    // Let the worker settle into idle polling (5 s while NOTIFY is up) before the call arrives.
    await new Promise((r) => setTimeout(r, 1_500));
    const started = Date.now();
    const { deliveryIds } = await createCall(account, actions, { savedContactName: "Jane Citizen" });
    await receiver.waitFor(1, 10_000);
    const elapsed = Date.now() - started;
    // Under the 5 s poll that would apply without NOTIFY, with room for a loaded CI machine.
    expect(elapsed).toBeLessThan(4_000);
    const got = receiver.received.at(-1)!;
    expect(got.verifiedWith).toBe(0);
    const payload = JSON.parse(got.body);
    expect(payload.data.actions.map((a: { status: string }) => a.status)).toEqual(["sent", "sent"]);
    expect(twilio.messages.at(-1)!.body).toContain("Jane Citizen");
    expect(resend.emails.at(-1)!.idempotencyKey).toBe(deliveryIds[1]);
    await waitUntil(async () => (await pendingCount(account.accountId)) === 0, 5_000, "all deliveries done");
  });

  it("runs pg-boss's statements on connections that prepare them", async () => {
    const pool = (worker.boss.getDb() as unknown as { pool: import("pg").Pool }).pool;
    const client = await pool.connect();
    try {
      expect(client).toBeInstanceOf(PreparingClient);
      // The worker's own fetches and completes went through connections like this one.
      expect((client as unknown as PreparingClient).prepared.size).toBeGreaterThan(0);
    } finally {
      client.release();
    }
  });
});

describe("a batch of jobs", () => {
  it("settles each job on its own: a job that throws is retried alone, the rest complete", async () => {
    const account = await createAccount({ credits: 1_000 });
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/batch` }]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    // With no worker running: three calls' webhook jobs and one job without a delivery id (its handler
    // throws) wait together, so the one slot's first fetch takes all four as one batch.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createCall(account, actions, { callerNumber: `+6141234560${i}` })).deliveryIds[0]!);
    const boss = await getBoss();
    await boss.insert("delivery", [{ data: {}, retryLimit: 1, retryDelay: 3600 }]);
    const [poison] = await db.execute<{ id: string }>(sql`select id::text from pgboss.job where name = 'delivery' and data = '{}'::jsonb`);
    const before = receiver.received.length;
    const worker = await startWorker({ inApp: false, slots: 1 });
    try {
      await waitUntil(async () => (await pendingCount(account.accountId)) === 0, 10_000, "the batch's webhooks sent");
      expect(receiver.received.length - before).toBe(3);
      const jobState = async (where: SQL) => (await db.execute<{ state: string }>(sql`select state from pgboss.job where name = 'delivery' and ${where}`)).map((r) => r.state);
      await waitUntil(async () => (await jobState(sql`singleton_key in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`)).every((s) => s === "completed"), 5_000, "the three jobs completed");
      // Failed alone and due again only after its retry delay: the others' success did not complete it,
      // and its failure did not fail them.
      await waitUntil(async () => (await jobState(sql`id = ${poison!.id}::uuid`))[0] === "retry", 5_000, "the thrown job failed into a retry");
      // One batch: the four jobs were claimed by the same fetch statement (one started_on).
      const claimed = await db.execute<{ n: number }>(
        sql`select count(distinct started_on)::int as n from pgboss.job where name = 'delivery' and (id = ${poison!.id}::uuid or singleton_key in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}))`,
      );
      expect(claimed[0]!.n).toBe(1);
      const [failed] = await db.execute<{ message: string }>(sql`select output->>'message' as message from pgboss.job where id = ${poison!.id}::uuid`);
      // The attempt-context read refused the missing id: the error is the handler's own, kept on the job.
      expect(failed!.message).toMatch(/^Failed query: select "deliveries"/);
    } finally {
      await worker.stop({ timeoutMs: 5_000 });
    }
  });
});

describe("a worker process killed mid-delivery", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  });

  function spawnWorker() {
    // Node itself with tsx's loader (not `npx tsx`, whose wrapper processes would take the signals):
    // the SIGKILL must hit the process that holds the jobs.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: "silent" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: false,
    });
    let output = "";
    child.stdout?.on("data", (d) => (output += String(d)));
    child.stderr?.on("data", (d) => (output += String(d)));
    children.push(child);
    return { child, output: () => output };
  }

  it("restarts: every delivery completes, nothing is charged twice, webhook-ids are kept", async () => {
    const account = await createAccount({ credits: 10_000 });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "email", destination: "agent@acme.test" },
      { channel: "webhook", destination: `${receiver.url}/crash` },
    ]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    const smsBefore = twilio.messages.length;
    receiver.reset();
    // The endpoint and Twilio are slow, so the kill lands while requests are in flight.
    receiver.script(...Array.from({ length: 10 }, () => ({ status: 200, body: "ok", delayMs: 3_000 })));
    twilio.script(...Array.from({ length: 3 }, () => ({ hang: true as const })));

    const calls = await Promise.all(Array.from({ length: 10 }, () => createCall(account, actions)));
    const ids = calls.flatMap((c) => c.deliveryIds);

    const first = spawnWorker();
    await receiver.waitFor(1, 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}\nworker output:\n${first.output()}`);
    });
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const inFlight = await pendingCount(account.accountId);
    expect(inFlight).toBeGreaterThan(0);

    const second = spawnWorker();
    await waitUntil(async () => (await pendingCount(account.accountId)) === 0, 75_000, "every delivery to complete").catch((e) => {
      throw new Error(`${(e as Error).message}\nworker output:\n${second.output()}`);
    });
    second.child.kill("SIGTERM");
    const exitCode = await new Promise((r) => second.child.once("exit", (code) => r(code)));
    expect(exitCode).toBe(0);

    const rows = await db.select().from(deliveries).where(eq(deliveries.accountId, account.accountId));
    expect(rows.filter((r) => ids.includes(r.id)).every((r) => r.status === "sent")).toBe(true);

    // Charged once each: 10 SMS × 10 + 10 emails × 20.
    const charges = await db.execute<{ n: number; deliveries: number; total: number }>(sql`
      select count(*)::int as n, count(distinct delivery_id)::int as deliveries, coalesce(sum(amount), 0)::int as total
        from credit_ledger where account_id = ${account.accountId} and kind = 'charge'`);
    expect(charges[0]).toEqual({ n: 20, deliveries: 20, total: -300 });
    expect(await ledgerTotals(db, account.accountId)).toEqual({ ledger: 9_700, balance: 9_700 });

    // Every webhook arrived, each under its delivery's one webhook-id, however often it was sent.
    const hookRows = rows.filter((r) => r.channel === "webhook");
    const byId = new Map(hookRows.map((r) => [r.messageId, r]));
    expect(receiver.received.every((r) => byId.has(r.headers["webhook-id"]!))).toBe(true);
    expect(new Set(receiver.received.map((r) => r.headers["webhook-id"])).size).toBe(10);
    // The webhook in flight at the kill was sent again after the restart, under the same webhook-id.
    expect(receiver.received.length).toBeGreaterThan(10);
    expect(receiver.received.every((r) => r.verifiedWith === 0)).toBe(true);
    // SMS: at-least-once towards Twilio (the hung requests were lost with the process) but one per delivery sent.
    expect(twilio.messages.length - smsBefore).toBeGreaterThanOrEqual(10);
    expect(resend.emails.filter((e) => ids.includes(e.idempotencyKey ?? "")).length).toBe(10);
  }, 120_000);

  it("SIGTERM lets a delivery in flight finish before the process exits", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/graceful` }]);
    receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
    receiver.reset();
    receiver.script({ status: 200, body: "slow ok", delayMs: 2_000 });
    const { deliveryIds } = await createCall(account, actions);
    const worker = spawnWorker();
    await receiver.waitFor(1, 30_000);
    worker.child.kill("SIGTERM");
    const exitCode = await new Promise((r) => worker.child.once("exit", (code) => r(code)));
    expect(exitCode).toBe(0);
    const [row] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryIds[0]!));
    expect(row).toMatchObject({ status: "sent", attemptCount: 1, lastStatusCode: 200 });
    expect(receiver.received).toHaveLength(1);
  }, 60_000);
});
