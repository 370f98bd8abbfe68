import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { calls } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId, newIds } from "@/lib/ids";
import { deliveryJobsSql } from "@/lib/jobs/queue";
import { logger, maskPhone } from "@/lib/logger";
import { phoneTypeOf } from "@/lib/phone-type";
import { MAX_ACTIONS_PER_ACCOUNT, type Channel } from "@/lib/pricing";
import type { CallEndedInput } from "./event-schema";

const log = logger("ingest");

export type IngestResult = { callId: string; created: boolean; accountId: string; deliveryIds: string[] };

/** The agent's number is `to` on inbound calls and `from` on outbound ones; the other side is the caller. */
export function partiesOf(data: CallEndedInput["data"]) {
  const agentNumber = data.direction === "inbound" ? data.to : data.from;
  const other = data.direction === "inbound" ? data.from : data.to;
  return { agentNumber, callerNumber: other === "anonymous" ? null : other };
}

type StoredRow = { account_id: string | null; call_id: string | null; deliveries: { id: string; channel: Channel }[] };

/**
 * Stores a call-end event: the call, its caller as an (unsaved) contact, one pending delivery per
 * enabled action whose conditions match, and their pg-boss jobs — in ONE statement, which PostgreSQL
 * runs atomically, so an accepted event is never half-stored and no explicit transaction is needed.
 *
 * One statement because ingest is bound by round trips: on a 2-core machine (bench/README.md) each one costs
 * the web process a socket write and a wake-up (a CPU profile at 200 events/s put 0.45 ms of the web
 * process's 2.2 ms per event in postgres.js's socket writes). The first version (agent number, insert
 * call, upsert contact, link them, read actions, insert deliveries, re-read their channels, enqueue)
 * made ten; then BEGIN, one statement, [enqueue], COMMIT made three or four; now one.
 *
 * Routing happens inside the statement too: no row for the agent number means nothing was inserted and
 * the caller answers 422. Idempotency rests on the unique constraints (calls.event_id and
 * (agent_number, external_id)) through ON CONFLICT DO NOTHING: a concurrent duplicate waits for the
 * first insert to commit, then inserts nothing — no call, so no deliveries and no jobs — and we read
 * the call it conflicted with. There is no read-then-write to race.
 */
export async function ingestCall(
  db: Db,
  input: CallEndedInput,
  field = "data.to",
  /** `sample`: the getting-started sample call; the call is marked and its deliveries are free tests. */
  opts: { sample?: boolean } = {},
): Promise<IngestResult> {
  const { data } = input;
  const sample = opts.sample === true;
  const { agentNumber, callerNumber } = partiesOf(data);
  const startedAt = new Date(data.started_at).toISOString();
  const endedAt = new Date(data.ended_at).toISOString();
  const durationSeconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000));
  const phoneType = phoneTypeOf(callerNumber);
  const contactName = data.contact_name?.trim() || null;
  const callId = newId("call");
  // Ids for the deliveries the statement may create, taken in action order (ids are random, not sequential).
  const deliveryIds = JSON.stringify(newIds("dlv", MAX_ACTIONS_PER_ACCOUNT));
  const messageIds = JSON.stringify(newIds("msg", MAX_ACTIONS_PER_ACCOUNT));

  const jobs = await deliveryJobsSql(db, sql`select id, channel from delivery`);
  const [row] = (await db.execute<StoredRow>(sql`
    with account as (
      select account_id from agent_numbers where e164 = ${agentNumber}
    ),
    contact as (
      -- New callers are unsaved; a saved contact keeps its name, an unsaved one remembers the latest
      -- name heard so "Save as contact" can offer it. A redelivered event leaves the contact alone.
      insert into contacts as c (id, account_id, phone, name, saved, phone_type, last_call_at)
      select ${newId("ct")}, account_id, ${callerNumber}::text, ${contactName}::text, false, ${phoneType}::phone_type, ${endedAt}::timestamptz
        from account
       where ${callerNumber}::text is not null
         and not exists (select 1 from calls where event_id = ${input.eventId})
      on conflict (account_id, phone) do update set
        -- Twilio Lookup's answer (lib/phone-lookup.ts) outranks the metadata's.
        phone_type = case when c.phone_type_checked_at is null then excluded.phone_type else c.phone_type end,
        last_call_at = greatest(c.last_call_at, excluded.last_call_at),
        name = case when c.saved then c.name else coalesce(excluded.name, c.name) end,
        updated_at = now()
      returning id, phone_type
    ),
    call as (
      insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
                         caller_number, contact_id, contact_name_heard, phone_type, started_at, ended_at, duration_seconds,
                         summary, transcript, recording_url, sample)
      select ${callId}, account_id, ${input.eventId}, ${data.call_id}, ${agentNumber}, ${data.direction}, ${data.status}::call_status,
             ${data.from}, ${data.to}, ${callerNumber}::text, (select id from contact), ${contactName}::text,
             coalesce((select phone_type from contact), ${phoneType}::phone_type),
             ${startedAt}::timestamptz, ${endedAt}::timestamptz, ${durationSeconds}::int, ${data.summary?.trim() || null}::text,
             ${JSON.stringify(data.transcript ?? [])}::jsonb, ${data.recording_url ?? null}::text, ${sample}::boolean
        from account
      on conflict do nothing
      returning id, account_id
    ),
    matched as (
      select a.id, a.channel, a.destination, row_number() over (order by a.position) as n
        from post_call_actions a join call on a.account_id = call.account_id
       where a.enabled
         and ${data.status}::call_status = any(a.statuses)
         and a.min_duration_seconds <= ${durationSeconds}::int
    ),
    delivery as (
      insert into deliveries (id, account_id, call_id, action_id, channel, destination, status, message_id, test)
      select ${deliveryIds}::jsonb ->> (m.n::int - 1), call.account_id, call.id, m.id, m.channel, m.destination, 'pending',
             ${messageIds}::jsonb ->> (m.n::int - 1), ${sample}::boolean
        from matched m cross join call
      returning id, channel
    ),
    job as (${jobs.insert}),
    notified as (${jobs.notify} from job limit 1)
    select (select account_id from account) as account_id,
           (select id from call) as call_id,
           coalesce((select json_agg(json_build_object('id', id, 'channel', channel)) from delivery), '[]'::json) as deliveries,
           (select count(*) from notified) as notified`)) as StoredRow[];

  if (!row?.account_id) {
    throw AppError.unprocessable("No account has this agent number. Add it under Settings → Phone numbers.", [
      { field, message: "is not a registered agent number" },
    ]);
  }
  if (!row.call_id) {
    // A redelivery (same webhook-id) or the same call sent again under a new id: answer with the call
    // we already have. The conflicting insert has committed by now, so this read sees it.
    const [existing] = await db
      .select({ id: calls.id, accountId: calls.accountId })
      .from(calls)
      .where(or(eq(calls.eventId, input.eventId), and(eq(calls.agentNumber, agentNumber), eq(calls.externalId, data.call_id))))
      .limit(1);
    if (!existing) throw new Error("call insert conflicted but no conflicting call was found");
    log.info({ callId: existing.id }, "duplicate call-end event");
    return { callId: existing.id, created: false, accountId: existing.accountId, deliveryIds: [] };
  }

  log.info(
    { callId, caller: maskPhone(callerNumber), status: data.status, deliveries: row.deliveries.length },
    "call stored",
  );
  return { callId, created: true, accountId: row.account_id, deliveryIds: row.deliveries.map((d) => d.id) };
}
