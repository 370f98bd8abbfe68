import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { calls, deliveries, deliveryAttempts, postCallActions, type DeliveryStatus } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { requeueDelivery } from "./delivery-lifecycle";

export type DeliveryCursor = { createdAt: string; id: string };

export const DELIVERY_STATUSES: DeliveryStatus[] = ["pending", "sent", "failed", "skipped"];

/** Webhook deliveries, newest first, keyset-paginated, filterable by status and endpoint. */
export async function listWebhookDeliveries(
  db: Db,
  accountId: string,
  opts: { status?: DeliveryStatus; endpoint?: string; cursor?: DeliveryCursor; limit?: number } = {},
) {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const { cursor } = opts;
  const rows = await db
    .select({
      id: deliveries.id,
      callId: deliveries.callId,
      actionId: deliveries.actionId,
      destination: deliveries.destination,
      status: deliveries.status,
      reason: deliveries.reason,
      test: deliveries.test,
      messageId: deliveries.messageId,
      attemptCount: deliveries.attemptCount,
      lastStatusCode: deliveries.lastStatusCode,
      lastLatencyMs: deliveries.lastLatencyMs,
      nextAttemptAt: deliveries.nextAttemptAt,
      createdAt: deliveries.createdAt,
      completedAt: deliveries.completedAt,
      /** The call's other party, so a log row says which call it is about (null: anonymous, or no call). */
      callerNumber: calls.callerNumber,
    })
    .from(deliveries)
    .leftJoin(calls, and(eq(calls.id, deliveries.callId), eq(calls.accountId, deliveries.accountId)))
    .where(
      and(
        eq(deliveries.accountId, accountId),
        eq(deliveries.channel, "webhook"),
        opts.status ? eq(deliveries.status, opts.status) : undefined,
        opts.endpoint ? eq(deliveries.destination, opts.endpoint) : undefined,
        cursor
          ? or(
              lt(deliveries.createdAt, new Date(cursor.createdAt)),
              and(eq(deliveries.createdAt, new Date(cursor.createdAt)), lt(deliveries.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null };
}

/** The distinct endpoints the account's webhook deliveries went to, for the filter. */
export async function webhookEndpoints(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ destination: deliveries.destination })
    .from(deliveries)
    .where(and(eq(deliveries.accountId, accountId), eq(deliveries.channel, "webhook")))
    .orderBy(asc(deliveries.destination))
    .limit(100);
  return rows.map((r) => r.destination);
}

/** One delivery of the account with its attempts, oldest attempt first; null for another account's id. */
export async function getDelivery(db: Db, accountId: string, id: string) {
  const [delivery] = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, id), eq(deliveries.accountId, accountId)));
  if (!delivery) return null;
  const attempts = await db
    .select()
    .from(deliveryAttempts)
    .where(and(eq(deliveryAttempts.deliveryId, id), eq(deliveryAttempts.accountId, accountId)))
    .orderBy(asc(deliveryAttempts.attemptNumber));
  return { ...delivery, attempts };
}

export async function attemptsFor(db: Db, accountId: string, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return [];
  return db
    .select()
    .from(deliveryAttempts)
    .where(and(eq(deliveryAttempts.accountId, accountId), inArray(deliveryAttempts.deliveryId, deliveryIds)))
    .orderBy(asc(deliveryAttempts.attemptNumber));
}

/**
 * Delivers a webhook again with the same webhook-id (Developer Tools and the API): checks that it is
 * this account's webhook delivery, not already queued, and its endpoint not disabled, then requeues it
 * in the same transaction and audits the resend.
 */
export async function resendDelivery(db: Db, accountId: string, id: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: deliveries.id, status: deliveries.status, channel: deliveries.channel, actionId: deliveries.actionId, messageId: deliveries.messageId })
      .from(deliveries)
      .where(and(eq(deliveries.id, id), eq(deliveries.accountId, accountId)))
      .for("update");
    if (!row || row.channel !== "webhook") throw AppError.notFound("No such webhook delivery.");
    if (row.status === "pending") throw AppError.conflict("This delivery is already queued.");
    if (row.actionId) {
      const [action] = await tx
        .select({ disabledReason: postCallActions.disabledReason })
        .from(postCallActions)
        .where(and(eq(postCallActions.id, row.actionId), eq(postCallActions.accountId, accountId)));
      if (action?.disabledReason) throw AppError.conflict("This endpoint is disabled. Re-enable it first.");
    }
    // Back to pending with the next attempt number queued: the worker then resends the first payload.
    await requeueDelivery(tx, accountId, id);
    const [updated] = await tx.select().from(deliveries).where(eq(deliveries.id, id));
    await audit(tx, { accountId, actor, action: "webhook_delivery.resent", target: id, meta: { webhookId: row.messageId } });
    return updated!;
  });
}

/** Webhook actions that stopped receiving (410 or failing for days), for the re-enable banner. */
export async function disabledEndpoints(db: Db, accountId: string) {
  return db
    .select({
      id: postCallActions.id,
      destination: postCallActions.destination,
      disabledReason: postCallActions.disabledReason,
      disabledAt: postCallActions.disabledAt,
    })
    .from(postCallActions)
    .where(and(eq(postCallActions.accountId, accountId), eq(postCallActions.channel, "webhook"), sql`${postCallActions.disabledReason} is not null`));
}

export async function reenableEndpoint(db: Db, accountId: string, actionId: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(postCallActions)
      .set({ disabledReason: null, disabledAt: null, failingSince: null, updatedAt: sql`now()` })
      .where(and(eq(postCallActions.id, actionId), eq(postCallActions.accountId, accountId), eq(postCallActions.channel, "webhook")))
      .returning({ destination: postCallActions.destination });
    if (!row) throw AppError.notFound("No such webhook endpoint.");
    await audit(tx, { accountId, actor, action: "webhook_endpoint.reenabled", target: row.destination });
  });
}
