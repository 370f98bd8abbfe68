import { and, eq, ne, sql } from "drizzle-orm";
import { fromDrizzle, PgBoss, type JobInsert } from "pg-boss";
import { databaseUrl, type Tx } from "@/db";
import { deliveries } from "@/db/schema";
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
 * SMS and email jobs go first: a webhook waits (up to 10 s) for the call's messages to reach a first
 * outcome, so they must not queue behind webhooks.
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

/** Enqueues one delivery job per delivery, in the caller's transaction (the channel sets its priority). */
export async function enqueueDeliveries(tx: Tx, toEnqueue: { id: string; channel: string }[], opts: { startAfter?: Date } = {}) {
  if (toEnqueue.length === 0) return;
  const boss = await getBoss();
  const queue: QueueName = "delivery";
  await boss.insert(
    queue,
    toEnqueue.map((d) => deliveryJob(d.id, d.channel, { startAfter: opts.startAfter })),
    { db: fromDrizzle(tx, sql) },
  );
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

export async function stopBoss() {
  const boss = await holder.__aftercallBoss?.catch(() => undefined);
  holder.__aftercallBoss = undefined;
  await boss?.stop({ graceful: false });
}

/**
 * Delivers a finished delivery again (Developer Tools' "resend", POST /webhook-deliveries/{id}/resend),
 * in the caller's transaction: back to pending, next attempt number, same `webhook-id` and — for
 * webhooks — the same payload as first sent. A charge is never repeated (the ledger's unique index),
 * so resending a refunded message is free. Returns false when the delivery is not this account's or
 * is still pending.
 */
export async function resendDelivery(tx: Tx, accountId: string, deliveryId: string): Promise<boolean> {
  const [row] = await tx
    .update(deliveries)
    .set({ status: "pending", reason: null, completedAt: null, nextAttemptAt: null, updatedAt: new Date() })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.accountId, accountId), ne(deliveries.status, "pending")))
    .returning({ id: deliveries.id, channel: deliveries.channel, attemptCount: deliveries.attemptCount });
  if (!row) return false;
  await enqueueDeliveryAttempt(tx, row, row.attemptCount + 1);
  return true;
}
