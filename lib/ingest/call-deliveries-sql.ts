import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { newIds } from "@/lib/ids";
import { deliveryJobsSql } from "@/lib/jobs/queue";
import { MAX_ACTIONS_PER_ACCOUNT } from "@/lib/pricing";

/**
 * The tail of every statement that runs a call's post-call actions: one pending delivery per enabled
 * action whose conditions match, and their pg-boss jobs, as CTEs (`matched`, `delivery`, `job`,
 * `notified`) that follow a CTE named `call` yielding `id, account_id, status, duration_seconds` of the
 * one call whose actions run now (none: nothing is created).
 *
 * `on conflict do nothing` rests on the unique (call, action) index: whichever statement creates a
 * call's deliveries first wins, and a racing one (a platform's redelivery, the wait's sweep) inserts
 * nothing — so no job either, since jobs are fed by the inserted rows only. One call never runs the
 * same action twice.
 *
 * The statement must select `(select count(*) from notified)` (PostgreSQL skips an unreferenced CTE).
 */
export async function callDeliveriesCtes(db: Db): Promise<SQL> {
  // Ids for the deliveries the statement may create, taken in action order (ids are random, not sequential).
  const deliveryIds = JSON.stringify(newIds("dlv", MAX_ACTIONS_PER_ACCOUNT));
  const messageIds = JSON.stringify(newIds("msg", MAX_ACTIONS_PER_ACCOUNT));
  const jobs = await deliveryJobsSql(db, sql`select id, channel from delivery`);
  return sql`
    matched as (
      select a.id, a.channel, a.destination, row_number() over (order by a.position) as n
        from post_call_actions a join call on a.account_id = call.account_id
       where a.enabled
         and call.status = any(a.statuses)
         and a.min_duration_seconds <= call.duration_seconds
    ),
    delivery as (
      insert into deliveries (id, account_id, call_id, action_id, channel, destination, status, message_id)
      select ${deliveryIds}::jsonb ->> (m.n::int - 1), call.account_id, call.id, m.id, m.channel, m.destination, 'pending',
             ${messageIds}::jsonb ->> (m.n::int - 1)
        from matched m cross join call
      on conflict do nothing
      returning id, channel
    ),
    job as (${jobs.insert}),
    notified as (${jobs.notify} from job limit 1)`;
}
