/**
 * The job worker: claims delivery jobs (and the hourly maintenance job) from pg-boss. Runs inside the
 * app process by default (instrumentation-node.ts, unless WORKER=off) and as `npm run worker`.
 *
 * - Wake-up: queues with `notify: true` (lib/jobs/queues.ts) send a NOTIFY when a job is committed;
 *   our own LISTEN (not pg-boss's, which wakes every slot at once) wakes one idle slot, and slots pass
 *   the wake-up on while they find jobs (lib/jobs/slot-pool.ts). Polling every 5 s stays as a floor
 *   (retries whose start-after has come, a lost NOTIFY connection).
 * - Backlog: `burstWhenReadyExceeds` — while its fetches come back full and the queue reports jobs
 *   ready, a slot fetches again as soon as it is free instead of sleeping out the poll (a restarted
 *   worker drains its backlog at full speed).
 * - Batches: a slot fetches up to BATCH_SIZE ready jobs at once and runs them side by side, so under
 *   load one fetch and one completing statement serve several jobs (`deliverBatch`).
 * - Dead workers: running jobs heartbeat every 5 s; `supervise` runs the monitor every 10 s, which
 *   fails a job whose heartbeat is 10 s stale into a retry: another worker takes it within ~25 s.
 * - Graceful stop: stop() waits up to 25 s for handlers in flight, then fails what is left so it is
 *   retried at once elsewhere.
 */
import { PgBoss, type Job, type JobResult } from "pg-boss";
import { DEFAULT_SCHEMA, notifyChannelSql } from "pg-boss/dist/plans.js";
import { databaseUrl, db, sqlClient } from "@/db";
import { releaseDueCalls } from "@/lib/ingest/release-actions";
import { logger } from "@/lib/logger";
import { handleDeadLetter } from "./handlers/dead-letter";
import { deliver, type DeliverDeps } from "./handlers/deliver";
import { runMaintenance, type MaintenanceJob } from "./handlers/maintenance";
import { PreparingClient } from "./preparing-pg-client";
import { MESSAGE_PRIORITY, type DeliveryJob } from "./queue";
import type { QueueName } from "./queues";
import { SlotPool } from "./slot-pool";

const log = logger("worker");

export type WorkerHandle = { boss: PgBoss; stop: (opts?: { timeoutMs?: number }) => Promise<void> };

const holder = globalThis as unknown as { __aftercallWorker?: Promise<WorkerHandle> };

export type WorkerOptions = {
  inApp: boolean;
  /**
   * Delivery slots of this process (SMS and email have two more of their own). Each runs up to
   * BATCH_SIZE jobs at once, so at most (slots + 2) × BATCH_SIZE deliveries are in flight.
   */
  slots?: number;
  deps?: DeliverDeps;
};

export function startWorker(opts: WorkerOptions): Promise<WorkerHandle> {
  // Once per process, even when Next.js evaluates instrumentation again in development.
  holder.__aftercallWorker ??= (opts.inApp ? startWithRetry(opts) : start(opts)).catch((error) => {
    holder.__aftercallWorker = undefined;
    throw error;
  });
  return holder.__aftercallWorker;
}

/**
 * In the app process the web tier must come up even while the database is briefly unreachable
 * (the health check reports it): keep trying to start the worker every 10 s instead of failing.
 */
async function startWithRetry(opts: WorkerOptions): Promise<WorkerHandle> {
  for (;;) {
    try {
      return await start(opts);
    } catch (error) {
      log.error({ err: (error as Error).message }, "could not start the worker; retrying in 10 s");
      await new Promise((r) => setTimeout(r, 10_000));
    }
  }
}

async function start(opts: WorkerOptions): Promise<WorkerHandle> {
  // Fewer slots with batches beat more slots of one job each: at 50 calls/s with SMS, email and webhook
  // (bench/HISTORY.md), 8 slots of up to 5 jobs cut the statements per job and the contention between
  // them, where 20 single-job slots (or 36) left the machine's CPU saturated and the webhooks queued.
  const slots = opts.slots ?? 8;
  const boss = new PgBoss({
    connectionString: databaseUrl(),
    application_name: opts.inApp ? "aftercall-app-worker" : "aftercall-worker",
    // We LISTEN ourselves (below): pg-boss's listener would wake every slot on every job.
    useListenNotify: false,
    supervise: true,
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
    // How often this process re-reads the queues' stats, where `burstWhenReadyExceeds` finds the backlog.
    queueCacheIntervalSeconds: 5,
    schedule: true,
    migrate: false,
    max: Math.min(12, slots + 4),
    // pg-boss's statements prepared once per connection instead of planned on every fetch and complete
    // (lib/jobs/preparing-pg-client.ts). pg-boss hands its options to pg's pool, which takes `Client`.
    ...({ Client: PreparingClient } as object),
    // Cached plans used from the first run: pg-boss writes its options into the text as literals, and its
    // values (queue name, job ids) pick no different plan, yet PostgreSQL kept re-planning its complete
    // (0.35 ms a job in pg_stat_statements) as if a custom plan might be better.
    options: "-c plan_cache_mode=force_generic_plan",
  });
  boss.on("error", (error) => log.error({ err: error.message }, "pg-boss error"));
  boss.on("warning", (warning: { message?: string }) => log.warn({ warning: warning.message }, "pg-boss warning"));
  await boss.start();
  try {
    return await startWorking(boss, opts, slots);
  } catch (error) {
    // Nothing half-started is left polling: startWithRetry will start a whole new one.
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
}

async function startWorking(boss: PgBoss, opts: WorkerOptions, slots: number): Promise<WorkerHandle> {
  const delivery: QueueName = "delivery";
  // NOTIFY fires when a job is inserted, not when a slot frees up: without burst mode each slot would
  // take one job and then sleep out the 5 s poll, so a backlog (after a worker restart or an outage,
  // found by the chaos suite) drained at ~2 jobs/s. With one, a slot whose fetch came back full
  // (BATCH_SIZE jobs) fetches again at once while the queue reports work ready; a short fetch ends the
  // burst, and NOTIFY and the slot pool's owed wake-ups cover what arrives after.
  const polling = { pollingIntervalSeconds: 5, burstWhenReadyExceeds: 1 };
  // SMS and email first: a webhook's payload reports their outcomes (it starts once they have one, or
  // after 10 s), and a slow webhook endpoint must not hold up a call's messages, so they get slots of their own.
  const messageSlots = new SlotPool(boss);
  const allSlots = new SlotPool(boss);
  const addSlots = async (pool: SlotPool, count: number, options: { minPriority?: number }) => {
    for (let i = 0; i < count; i++) {
      // One pg-boss worker per slot, so the pool can wake each one by its id.
      const id: string = await boss.work<DeliveryJob>(
        delivery,
        { ...polling, ...options, localConcurrency: 1, batchSize: BATCH_SIZE, perJobResults: true },
        (jobs) => pool.run(id, () => deliverBatch(jobs, opts.deps)),
      );
      pool.add(id);
    }
  };
  await addSlots(messageSlots, 2, { minPriority: MESSAGE_PRIORITY });
  await addSlots(allSlots, slots, {});
  // After a reconnect postgres.js re-registers listeners and unlisten() no longer finds them, so the
  // wake-ups also check this.
  let stopped = false;
  const listening = await listenForJobs(delivery, [messageSlots, allSlots], () => stopped);

  // Delivery jobs that exhausted pg-boss's retries: their deliveries end `failed` and are refunded.
  const deadLetters: QueueName = "delivery_dead_letter";
  await boss.work(deadLetters, { pollingIntervalSeconds: 10, includeMetadata: true }, async ([job]) => {
    if (job) await handleDeadLetter(job);
  });

  const maintenance: QueueName = "maintenance";
  await boss.schedule(maintenance, "17 * * * *", { task: "purge-recordings" } satisfies MaintenanceJob, { key: "purge-recordings" });
  await boss.work<MaintenanceJob>(maintenance, { pollingIntervalSeconds: 30 }, async ([job]) => {
    if (job) await runMaintenance(job.data);
  });

  const releasing = startReleasingDueCalls();

  log.info({ inApp: opts.inApp, slots, batchSize: BATCH_SIZE }, "worker started");
  return {
    boss,
    stop: async ({ timeoutMs = 25_000 } = {}) => {
      holder.__aftercallWorker = undefined;
      // Listening goes on through the graceful drain, and its end is not awaited: with the database gone,
      // unlisten() would wait for a connection.
      releasing.stop();
      await boss.stop({ graceful: true, timeout: timeoutMs });
      stopped = true;
      void listening.unlisten().catch(() => {});
      log.info("worker stopped");
    },
  };
}

/** Jobs one slot fetches at once (fewer when fewer are ready). */
export const BATCH_SIZE = 5;

/**
 * Runs a batch's deliveries side by side and settles each job on its own (pg-boss's `perJobResults`):
 * a delivery that throws fails only its own job, which pg-boss retries (and, out of retries, sends to
 * the dead-letter queue) exactly as a single-job handler's throw would; the rest complete in one
 * statement. Each attempt is recorded by its own statement, so a job run again after a crash finds its
 * attempt recorded and does nothing ("stale").
 *
 * The price of batches: a job stays active until the slowest job of its batch is done (a hanging
 * webhook endpoint 10 s, Twilio or Resend 15 s), and pg-boss starts no other job of the same delivery
 * meanwhile, so a quick first failure's retry, or a resend, can wait that long plus the next poll.
 */
export async function deliverBatch(jobs: Job<DeliveryJob>[], deps?: DeliverDeps): Promise<JobResult[]> {
  const settled = await Promise.allSettled(jobs.map((job) => deliver(job.data, deps)));
  return settled.map((r, i) =>
    r.status === "fulfilled" ? { id: jobs[i]!.id, status: "completed" } : { id: jobs[i]!.id, status: "failed", output: r.reason },
  );
}

/**
 * Every 10 s, runs the actions of calls whose platform analysis did not come within the connection's
 * wait (lib/ingest/release-actions.ts). A sweep rather than a delayed job: the due time lives on the
 * call row, so nothing is lost if a worker dies, and several workers sweeping at once release each call
 * once (the release is a conditional update).
 */
function startReleasingDueCalls(intervalMs = 10_000) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    releaseDueCalls(db)
      .catch((error) => log.warn({ err: (error as Error).message }, "releasing due calls failed; next sweep retries"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * LISTENs on pg-boss's channel (its payload is the queue's name) and wakes one idle slot of each pool
 * per notification. postgres.js reconnects the listener by itself; on every (re)connect each slot
 * fetches once, since notifications sent while it was down are lost.
 */
async function listenForJobs(queue: QueueName, pools: SlotPool[], stopped: () => boolean) {
  const sql = sqlClient();
  const [row] = await sql.unsafe<{ channel: string }[]>(`select ${notifyChannelSql(DEFAULT_SCHEMA)} as channel`);
  return sql.listen(
    row!.channel,
    (payload) => {
      if (payload === queue && !stopped()) for (const pool of pools) pool.wakeOne();
    },
    () => {
      if (!stopped()) for (const pool of pools) pool.wakeAll();
    },
  );
}
