import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { logger } from "@/lib/logger";
import { callDeliveriesCtes } from "@/db/queries/delivery-lifecycle";

const log = logger("ingest");

/**
 * Runs the actions of one call whose wait ran out (a Retell call whose `call_analyzed` never came):
 * clears `actions_due_at` and creates the deliveries and their jobs in one statement. The update's
 * row lock orders it against a final event arriving at the same moment, and whichever comes second
 * finds `actions_due_at` already cleared: the actions run once either way.
 */
export async function releaseCallActions(db: Db, callId: string, now = new Date()): Promise<string[]> {
  const deliveriesCtes = await callDeliveriesCtes(db);
  const [row] = (await db.execute<{ deliveries: { id: string }[]; notified: string }>(sql`
    with call as (
      update calls set actions_due_at = null, actions_released_at = now()
       where id = ${callId} and actions_due_at is not null and actions_due_at <= ${now.toISOString()}::timestamptz
      returning id, account_id, status, duration_seconds, agent_id
    ),
    ${deliveriesCtes}
    select coalesce((select json_agg(json_build_object('id', id)) from delivery), '[]'::json) as deliveries,
           (select count(*) from notified) as notified`)) as { deliveries: { id: string }[] }[];
  return row!.deliveries.map((d) => d.id);
}

/** The worker's sweep: releases every call whose wait has passed, oldest first, up to `limit` a run. */
export async function releaseDueCalls(db: Db, now = new Date(), limit = 200): Promise<number> {
  const due = await db.execute<{ id: string }>(sql`
    select id from calls
     where actions_due_at is not null and actions_due_at <= ${now.toISOString()}::timestamptz
     order by actions_due_at
     limit ${limit}`);
  let released = 0;
  for (const { id } of due) {
    try {
      await releaseCallActions(db, id, now);
      released++;
    } catch (error) {
      // One call that cannot be released must not hold up the rest; it stays due for the next sweep.
      log.error({ err: error, callId: id }, "could not run a waiting call's actions");
    }
  }
  if (released > 0) log.info({ released }, "ran the actions of calls whose platform analysis did not come in time");
  return released;
}
