import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { agentCtes, type AgentMatch } from "@/db/queries/agents";
import { callDeliveriesCtesWith, newDeliveryIds } from "@/db/queries/delivery-lifecycle";
import { calls } from "@/db/schema";
import { ReusableStatement } from "@/db/statement";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { logger, maskPhone } from "@/lib/logger";
import { phoneTypeOf } from "@/lib/phone-type";
import type { Channel } from "@/lib/pricing";
import { callerContactSql, type CallerContactValues } from "./caller-contact-sql";
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

/** The caller's contact's values (CallerContactValues) and the rest of the statement's. */
type IngestValues = CallerContactValues & {
  agentNumber: string;
  newAgentId: string;
  eventId: string;
  callId: string;
  externalId: string;
  direction: string;
  status: string;
  from: string;
  to: string;
  startedAt: string;
  durationSeconds: number;
  summary: string | null;
  transcript: string;
  recordingUrl: string | null;
  sample: boolean;
  deliveryIds: string;
  messageIds: string;
};

/** Ingest's one statement (see `ingestCall`), for an agent found by its number or a call with none. */
function ingestStatement(agent: Exclude<AgentMatch, "platformAgentId">) {
  return new ReusableStatement<IngestValues>(async (v, db) => sql`
    with account as (
      select account_id from agent_numbers where e164 = ${v("agentNumber")}
    ),
    ${agentCtes(agent, { number: v("agentNumber"), platform: null, platformAgentId: null, newAgentId: v("newAgentId") })},
    contact as (${callerContactSql(v, sql`not exists (select 1 from calls where event_id = ${v("eventId")})`)}),
    call as (
      insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
                         caller_number, contact_id, contact_name_heard, phone_type, started_at, ended_at, duration_seconds,
                         summary, transcript, recording_url, sample, agent_id)
      select ${v("callId")}, account_id, ${v("eventId")}, ${v("externalId")}, ${v("agentNumber")}, ${v("direction")}, ${v("status")}::call_status,
             ${v("from")}, ${v("to")}, ${v("callerNumber")}::text, (select id from contact), ${v("contactName")}::text,
             coalesce((select phone_type from contact), ${v("phoneType")}::phone_type),
             ${v("startedAt")}::timestamptz, ${v("endedAt")}::timestamptz, ${v("durationSeconds")}::int, ${v("summary")}::text,
             ${v("transcript")}::jsonb, ${v("recordingUrl")}::text, ${v("sample")}::boolean,
             (select id from agent)
        from account
      on conflict do nothing
      returning id, account_id, status, duration_seconds, agent_id
    ),
    ${await callDeliveriesCtesWith(db, { deliveryIds: v("deliveryIds"), messageIds: v("messageIds"), test: v("sample") })}
    select (select account_id from account) as account_id,
           (select id from call) as call_id,
           coalesce((select json_agg(json_build_object('id', id, 'channel', channel)) from delivery), '[]'::json) as deliveries,
           (select count(*) from notified) as notified`);
}

/** Each built once (db/statement.ts). A native event always names its agent number; "none" is for completeness. */
const STATEMENTS = { number: ingestStatement("number"), none: ingestStatement("none") };

/**
 * Stores a call-end event: the call, its caller as an (unsaved) contact, one pending delivery per
 * enabled action whose conditions and agents match, and their pg-boss jobs — in ONE statement, which PostgreSQL
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
  // A native event has no platform agent id: its agent is found by number (agentMatchOf).
  const statement = agentNumber ? STATEMENTS.number : STATEMENTS.none;
  const [row] = await statement.run<StoredRow>(db, {
    agentNumber,
    newAgentId: newId("agt"),
    contactId: newId("ct"),
    callerNumber,
    contactName,
    phoneType,
    eventId: input.eventId,
    callId,
    externalId: data.call_id,
    direction: data.direction,
    status: data.status,
    from: data.from,
    to: data.to,
    startedAt,
    endedAt,
    durationSeconds,
    summary: data.summary?.trim() || null,
    transcript: JSON.stringify(data.transcript ?? []),
    recordingUrl: data.recording_url ?? null,
    sample,
    ...newDeliveryIds(),
  });

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
      .where(or(eq(calls.eventId, input.eventId), and(eq(calls.agentNumber, agentNumber), eq(calls.externalId, data.call_id), isNull(calls.platform))))
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
