import { sql, type SQL } from "drizzle-orm";
import { fromDrizzle, PgBoss, type JobInsert } from "pg-boss";
import { DEFAULT_SCHEMA, insertJobs, notifyChannelSql } from "pg-boss/dist/plans.js";
import { databaseUrl, type Db, type Tx } from "@/db";
import type { QueueName } from "./queues";

/**
 * The pg-boss client used to enqueue. Jobs are sent inside the caller's transaction
 * (`fromDrizzle(tx, sql)`), so a stored call and its delivery jobs commit or vanish together.
 */
const holder = globalThis as unknown as { __aftercallBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  holder.__aftercallBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrl(),
      supervise: false,
      schedule: false,
      migrate: false,
      max: 2,
    });
    boss.on("error", () => {});
    await boss.start();
    return boss;
  })().catch((error) => {
    holder.__aftercallBoss = undefined;
    throw error;
  });
  return holder.__aftercallBoss;
}

/**
 * `attempt`: the attempt number this job is meant to make (default 1). A job that finds the delivery
 * already past it is stale (a crash-recovered copy of a job whose retry is already scheduled) and
 * does nothing.
 */
export type DeliveryJob = { deliveryId: string; attempt?: number };

/**
 * How long a webhook about a call waits for the call's SMS and email to reach a first outcome
 * (docs/architecture.md). Its first job is created held back by this much; the statement recording the
 * last of those outcomes starts it at once (`webhooksWokenSql`), so it never occupies a worker slot
 * while it waits and goes out as soon as the messages allow.
 */
export const ACTIONS_WAIT_MS = 10_000;
const ACTIONS_WAIT_INTERVAL = `${ACTIONS_WAIT_MS / 1000} seconds`;

/**
 * SMS and email jobs go first: a webhook about the call starts only once they have an outcome (or
 * after ACTIONS_WAIT_MS), so they must not queue behind webhooks.
 */
export const MESSAGE_PRIORITY = 10;

function deliveryJob(deliveryId: string, channel: string | undefined, extra: Partial<JobInsert> = {}, attempt?: number): JobInsert {
  return {
    data: { deliveryId, ...(attempt ? { attempt } : {}) } satisfies DeliveryJob,
    // One active job per delivery (the queue's policy is "singleton").
    singletonKey: deliveryId,
    priority: channel === "webhook" ? 0 : MESSAGE_PRIORITY,
    ...extra,
  };
}

/**
 * Enqueues one delivery job per delivery, in the caller's transaction (the channel sets its priority).
 * A webhook with `awaitingMessages` starts only once they have an outcome, or after ACTIONS_WAIT_MS.
 */
export async function enqueueDeliveries(tx: Tx, toEnqueue: { id: string; channel: string; awaitingMessages?: number }[]) {
  if (toEnqueue.length === 0) return;
  const boss = await getBoss();
  const queue: QueueName = "delivery";
  await boss.insert(
    queue,
    toEnqueue.map((d) => deliveryJob(d.id, d.channel, (d.awaitingMessages ?? 0) > 0 ? { startAfter: ACTIONS_WAIT_INTERVAL } : {})),
    { db: fromDrizzle(tx, sql) },
  );
}

/**
 * The delivery jobs for `rows` (a query yielding `id`, `channel` and `awaiting_messages` of deliveries), as parts of ONE
 * statement: `insert` is the data-modifying CTE body, `notify` wakes the workers once any job went in
 * (reference it from the statement, or PostgreSQL never runs it).
 *
 * Ingest stores a call, its deliveries and their jobs in a single statement because on the benchmark
 * machine every round trip costs the web process a socket write (see ingest-call.ts). The INSERT is
 * pg-boss's own (the one `boss.insert` runs, from its SQL plans), fed by a subquery instead of its JSON
 * parameter, so the job rows are exactly those `enqueueDeliveries` writes — a database test compares
 * them column by column.
 */
export async function deliveryJobsSql(db: Db, rows: SQL): Promise<{ insert: SQL; notify: SQL }> {
  const [before, after] = await (jobInsertTemplate ??= jobInsertParts(db).catch((error) => {
    jobInsertTemplate = undefined;
    throw error;
  }));
  const jobs = sql`(select coalesce(json_agg(json_build_object(
      'data', json_build_object('deliveryId', r.id),
      'singletonKey', r.id,
      'priority', case when r.channel = 'webhook' then 0 else ${sql.raw(String(MESSAGE_PRIORITY))} end,
      'startAfter', case when r.awaiting_messages > 0 then ${sql.raw(`'${ACTIONS_WAIT_INTERVAL}'`)} end)), '[]'::json)
    from (${rows}) r)::text`;
  return {
    insert: sql.join([sql.raw(before), jobs, sql.raw(after)]),
    notify: sql.raw(`select pg_notify(${notifyChannelSql(DEFAULT_SCHEMA)}, '${DELIVERY_QUEUE}')`),
  };
}

/**
 * The end of a statement that has just given one of a call's SMS or email its first outcome (a CTE
 * named `settled` yielding a row when it did): counts it off the call's webhooks that wait for it,
 * and starts the held-back first job of every webhook left waiting for nothing, waking a worker.
 * `settled` stands for the message's own update, so a statement that changed nothing wakes nothing.
 *
 * Why a counter, in the same statement: the SMS and email of a call settle concurrently, and each
 * checking "are the others done?" could miss the other's uncommitted outcome, so that neither starts
 * the webhook. The counter's update takes the webhook row's lock and re-reads it, so exactly one of
 * them brings it to 0. Why not a LISTEN and a waiting job: a job waiting holds a worker slot for as long
 * as the messages take, and under load the webhooks' waits filled the slots the messages needed
 * (bench/README.md). The statement must select `(select count(*) from webhook_started)`.
 */
export function webhooksWokenSql(m: { callId: string; accountId: string; test: boolean }): SQL {
  return sql`
    webhook_counted as (
      update deliveries w set awaiting_messages = w.awaiting_messages - 1
       where w.call_id = ${m.callId} and w.account_id = ${m.accountId} and w.channel = 'webhook' and w.test = ${m.test}
         and w.status = 'pending' and w.attempt_count = 0 and w.awaiting_messages > 0
         and exists (select 1 from settled)
      returning w.id, w.awaiting_messages
    ),
    webhook_job as (
      update ${sql.raw(`${DEFAULT_SCHEMA}.job`)} j set start_after = ${sql.raw(`${DEFAULT_SCHEMA}.job_now()`)}
       where j.name = ${DELIVERY_QUEUE} and j.state = 'created'
         and j.singleton_key in (select id from webhook_counted where awaiting_messages = 0)
         and j.start_after > ${sql.raw(`${DEFAULT_SCHEMA}.job_now()`)}
      returning j.id
    ),
    webhook_started as (select pg_notify(${sql.raw(notifyChannelSql(DEFAULT_SCHEMA))}, ${DELIVERY_QUEUE}) from webhook_job limit 1)`;
}

const DELIVERY_QUEUE: QueueName = "delivery";
let jobInsertTemplate: Promise<[string, string]> | undefined;

/** pg-boss's job INSERT for the delivery queue, split at its one parameter (the jobs as JSON). */
async function jobInsertParts(db: Db): Promise<[string, string]> {
  // The queue's job table, as pg-boss's getQueue reads it (its typings leave the column out).
  const [queue] = await db.execute<{ table_name: string }>(
    sql`select table_name from ${sql.identifier(DEFAULT_SCHEMA)}.queue where name = ${DELIVERY_QUEUE}`,
  );
  if (!queue) throw new Error(`pg-boss queue "${DELIVERY_QUEUE}" does not exist: run the migrations (npm run db:migrate)`);
  const text = insertJobs(DEFAULT_SCHEMA, { table: queue.table_name, name: DELIVERY_QUEUE, returnId: true, notify: false });
  const parts = text.split("$1");
  if (parts.length !== 2 || parts.some((p) => /\$\d/.test(p))) {
    throw new Error("pg-boss's job insert no longer takes exactly one parameter: lib/jobs/queue.ts must follow it");
  }
  return [parts[0]!, parts[1]!];
}

/** Schedules attempt number `attempt` of a delivery at `startAfter`, in the caller's transaction. */
export async function enqueueDeliveryAttempt(
  tx: Tx,
  delivery: { id: string; channel: string },
  attempt: number,
  startAfter?: Date,
) {
  const boss = await getBoss();
  const queue: QueueName = "delivery";
  await boss.insert(queue, [deliveryJob(delivery.id, delivery.channel, { startAfter }, attempt)], {
    db: fromDrizzle(tx, sql),
  });
}

/** Attempt number `attempt` of each delivery, now, as one insert in the caller's transaction (a bulk resend). */
export async function enqueueDeliveryAttempts(tx: Tx, toEnqueue: { id: string; channel: string; attempt: number }[]) {
  if (toEnqueue.length === 0) return;
  const boss = await getBoss();
  const queue: QueueName = "delivery";
  await boss.insert(
    queue,
    toEnqueue.map((d) => deliveryJob(d.id, d.channel, {}, d.attempt)),
    { db: fromDrizzle(tx, sql) },
  );
}

export async function stopBoss() {
  const boss = await holder.__aftercallBoss?.catch(() => undefined);
  holder.__aftercallBoss = undefined;
  await boss?.stop({ graceful: false });
}
