import { and, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { insertTestDelivery } from "@/db/queries/delivery-lifecycle";
import { deliveries, deliveryAttempts, postCallActions, type DeliveryStatus } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { checkRateLimit } from "@/lib/rate-limit";
import { TEST_SEND_LIMIT, testSendLimitKey } from "./test-send-limit";

/**
 * "Send test" on a saved post-call action: a free `test` delivery through the real pipeline. The
 * worker renders it from the sample call and does not charge it; this module only creates it and
 * enqueues its job in the same transaction, so a test is never created without being sent.
 */

/** Throws 429 once the account has sent its tests for this minute (shared by every kind of test send). */
export async function assertTestSendAllowed(accountId: string) {
  const limit = await checkRateLimit(testSendLimitKey(accountId), TEST_SEND_LIMIT);
  if (!limit.ok) {
    throw AppError.tooManyRequests(
      limit.retryAfterSeconds,
      `You can send ${TEST_SEND_LIMIT.limit} tests a minute. Try again in ${limit.retryAfterSeconds} s.`,
    );
  }
}

/** The test delivery of one saved action, enqueued and audited in the caller's transaction. */
export async function createTestDelivery(tx: Tx, accountId: string, action: typeof postCallActions.$inferSelect, actor: Actor) {
  const deliveryId = await insertTestDelivery(tx, accountId, action);
  await audit(tx, { accountId, actor, action: "post_call_action.test_sent", target: action.id, meta: { deliveryId, channel: action.channel } });
  return deliveryId;
}

export async function sendTestDelivery(db: Db, accountId: string, actionId: string, actor: Actor): Promise<{ deliveryId: string }> {
  await assertTestSendAllowed(accountId);
  return db.transaction(async (tx) => {
    const [action] = await tx
      .select()
      .from(postCallActions)
      .where(and(eq(postCallActions.id, actionId), eq(postCallActions.accountId, accountId)));
    if (!action) throw AppError.notFound("This action is not saved yet (or was deleted). Save your changes, then send a test.");
    return { deliveryId: await createTestDelivery(tx, accountId, action, actor) };
  });
}

export type TestDeliveryStatus = {
  id: string;
  status: DeliveryStatus;
  /** Why it failed or was skipped, from the delivery or its last attempt (provider or endpoint error). */
  error: string | null;
  statusCode: number | null;
  attempts: number;
};

export async function testDeliveryStatus(db: Db, accountId: string, deliveryId: string): Promise<TestDeliveryStatus | null> {
  const [row] = await db
    .select({
      id: deliveries.id,
      status: deliveries.status,
      reason: deliveries.reason,
      attempts: deliveries.attemptCount,
      lastStatusCode: deliveries.lastStatusCode,
    })
    .from(deliveries)
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.accountId, accountId), eq(deliveries.test, true)));
  if (!row) return null;
  const [attempt] = await db
    .select({ error: deliveryAttempts.error, statusCode: deliveryAttempts.statusCode, outcome: deliveryAttempts.outcome })
    .from(deliveryAttempts)
    .where(and(eq(deliveryAttempts.deliveryId, deliveryId), eq(deliveryAttempts.accountId, accountId)))
    .orderBy(desc(deliveryAttempts.attemptNumber))
    .limit(1);
  const failedAttempt = attempt && attempt.outcome !== "success" ? attempt : null;
  return {
    id: row.id,
    status: row.status,
    error: row.status === "sent" ? null : (failedAttempt?.error ?? row.reason ?? null),
    statusCode: attempt?.statusCode ?? row.lastStatusCode ?? null,
    attempts: row.attempts,
  };
}
