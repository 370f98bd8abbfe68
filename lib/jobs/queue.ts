import { sql } from "drizzle-orm";
import { fromDrizzle, PgBoss } from "pg-boss";
import { databaseUrl, type Tx } from "@/db";
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

export type DeliveryJob = { deliveryId: string };

/** Enqueues one delivery job per id, in the caller's transaction. */
export async function enqueueDeliveries(tx: Tx, deliveryIds: string[], opts: { startAfter?: Date } = {}) {
  if (deliveryIds.length === 0) return;
  const boss = await getBoss();
  const queue: QueueName = "delivery";
  await boss.insert(
    queue,
    deliveryIds.map((deliveryId) => ({ data: { deliveryId } satisfies DeliveryJob, startAfter: opts.startAfter })),
    { db: fromDrizzle(tx, sql) },
  );
}

export async function stopBoss() {
  const boss = await holder.__aftercallBoss?.catch(() => undefined);
  holder.__aftercallBoss = undefined;
  await boss?.stop({ graceful: false });
}
