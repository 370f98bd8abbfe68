import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { deliveries, postCallActions, webhookRecoveries } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { requeueDeliveries } from "./delivery-lifecycle";

/**
 * "Resend everything that failed since …": the account's webhook deliveries that ended failed (or were
 * skipped because their endpoint was disabled) at or after `since`, optionally to one endpoint URL,
 * are queued again through the delivery lifecycle — each keeps its `webhook-id` and first payload, as a
 * single resend does. Oldest first and at most `limit` per request, so a second request continues where
 * the first stopped. Sample-call and test deliveries are left out; so are those whose endpoint is
 * disabled now (re-enable it first).
 */
export type RecoveryResult = { id: string; queued: number; more: boolean; since: Date; to: string | null };

export async function recoverFailedWebhooks(
  db: Db,
  accountId: string,
  input: { since: Date; to: string | null },
  actor: Actor,
  opts: { limit: number },
): Promise<RecoveryResult> {
  return db.transaction(async (tx) => {
    if (input.to) {
      const endpoints = await tx
        .select({ disabledAt: postCallActions.disabledAt })
        .from(postCallActions)
        .where(and(eq(postCallActions.accountId, accountId), eq(postCallActions.channel, "webhook"), eq(postCallActions.destination, input.to)));
      if (endpoints.length === 0) {
        const [seen] = await tx
          .select({ id: deliveries.id })
          .from(deliveries)
          .where(and(eq(deliveries.accountId, accountId), eq(deliveries.channel, "webhook"), eq(deliveries.destination, input.to)))
          .limit(1);
        if (!seen) throw AppError.notFound("No such endpoint: none of your webhook deliveries went to this URL.");
      } else if (endpoints.every((e) => e.disabledAt !== null)) {
        throw AppError.conflict("This endpoint is disabled. Re-enable it first.");
      }
    }

    // Rows another request is requeueing right now are skipped, not waited for: it queues them.
    const candidates = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .leftJoin(postCallActions, eq(postCallActions.id, deliveries.actionId))
      .where(
        and(
          eq(deliveries.accountId, accountId),
          eq(deliveries.channel, "webhook"),
          eq(deliveries.test, false),
          sql`(${deliveries.status} = 'failed' or (${deliveries.status} = 'skipped' and ${deliveries.reason} = 'endpoint_disabled'))`,
          sql`${deliveries.completedAt} >= ${input.since.toISOString()}::timestamptz`,
          input.to ? eq(deliveries.destination, input.to) : undefined,
          sql`${postCallActions.disabledAt} is null`,
        ),
      )
      .orderBy(deliveries.completedAt, deliveries.id)
      .limit(opts.limit + 1)
      .for("update", { of: deliveries, skipLocked: true });

    const more = candidates.length > opts.limit;
    const queuedIds = await requeueDeliveries(
      tx,
      accountId,
      candidates.slice(0, opts.limit).map((c) => c.id),
    );
    const id = newId("rcv");
    await tx.insert(webhookRecoveries).values({
      id,
      accountId,
      destination: input.to,
      since: input.since,
      deliveryIds: queuedIds,
      more,
      actorLabel: actor.label,
    });
    await audit(tx, {
      accountId,
      actor,
      action: "webhook_deliveries.recovered",
      target: input.to ?? "all endpoints",
      meta: { recoveryId: id, since: input.since.toISOString(), queued: queuedIds.length, more },
    });
    return { id, queued: queuedIds.length, more, since: input.since, to: input.to };
  });
}

export type RecoveryProgress = {
  id: string;
  destination: string | null;
  since: Date;
  createdAt: Date;
  more: boolean;
  total: number;
  /** Queued again and not finished: waiting for the worker or between retries. */
  queued: number;
  delivered: number;
  /** Failed again (or skipped: the endpoint was disabled meanwhile). */
  stillFailing: number;
};

/** How a recovery stands, from its deliveries' statuses now; null for another account's id. */
export async function recoveryProgress(db: Db, accountId: string, recoveryId: string): Promise<RecoveryProgress | null> {
  const [row] = await db.execute<{
    id: string;
    destination: string | null;
    since: Date;
    created_at: Date;
    more: boolean;
    total: number;
    queued: number;
    delivered: number;
    still_failing: number;
  }>(sql`
    select r.id, r.destination, r.since, r.created_at, r.more, cardinality(r.delivery_ids) as total,
           count(*) filter (where d.status = 'pending')::int as queued,
           count(*) filter (where d.status = 'sent')::int as delivered,
           count(*) filter (where d.status in ('failed', 'skipped'))::int as still_failing
      from webhook_recoveries r
      left join deliveries d on d.id = any(r.delivery_ids) and d.account_id = r.account_id
     where r.id = ${recoveryId} and r.account_id = ${accountId}
     group by r.id`);
  if (!row) return null;
  return {
    id: row.id,
    destination: row.destination,
    since: new Date(row.since),
    createdAt: new Date(row.created_at),
    more: row.more,
    total: Number(row.total),
    queued: row.queued,
    delivered: row.delivered,
    stillFailing: row.still_failing,
  };
}

/** Each endpoint's latest recovery with its progress (keyed by URL; "" for one of every endpoint), for the page after a reload. */
export async function latestRecoveries(db: Db, accountId: string): Promise<Map<string, RecoveryProgress>> {
  const rows = await db.execute<{ id: string }>(sql`
    select distinct on (coalesce(destination, '')) id
      from webhook_recoveries
     where account_id = ${accountId} and created_at > now() - interval '7 days'
     order by coalesce(destination, ''), created_at desc`);
  const out = new Map<string, RecoveryProgress>();
  for (const r of rows) {
    const p = await recoveryProgress(db, accountId, r.id);
    if (p) out.set(p.destination ?? "", p);
  }
  return out;
}
