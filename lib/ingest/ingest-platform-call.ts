import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { InboundConnection } from "@/db/queries/connections";
import { agentCtes, agentMatchOf, type AgentMatch } from "@/db/queries/agents";
import { calls } from "@/db/schema";
import { ReusableStatement } from "@/db/statement";
import { isUniqueViolation } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { logger, maskPhone } from "@/lib/logger";
import { phoneTypeOf } from "@/lib/phone-type";
import type { PlatformCall, PlatformName } from "@/lib/platforms/types";
import { callDeliveriesCtesWith, newDeliveryIds } from "@/db/queries/delivery-lifecycle";
import { callerContactSql, type CallerContactValues } from "./caller-contact-sql";

const log = logger("ingest");

export type PlatformIngestResult = { callId: string; created: boolean; released: boolean; deliveryIds: string[] };

type Row = {
  call_id: string | null;
  existing_id: string | null;
  connected: boolean;
  created: boolean | null;
  released: boolean | null;
  deliveries: { id: string }[];
  notified: string;
};

/** The caller's contact's values (CallerContactValues) and the rest of the statement's. */
type PlatformIngestValues = CallerContactValues & {
  connectionId: string;
  accountId: string;
  platform: PlatformName;
  waitSeconds: number;
  externalId: string;
  eventId: string;
  agentNumber: string | null;
  platformAgentId: string | null;
  newAgentId: string;
  callId: string;
  direction: string;
  status: string;
  from: string | null;
  to: string | null;
  startedAt: string;
  durationSeconds: number;
  timesKnown: boolean;
  summary: string | null;
  transcript: string | null;
  recordingUrl: string | null;
  analysis: string | null;
  final: boolean;
  mayUpdate: boolean;
  sample: boolean;
  deliveryIds: string;
  messageIds: string;
};

/** The statement of `ingestPlatformCall`, for each way of finding the call's agent (agentMatchOf). */
function platformIngestStatement(agent: AgentMatch) {
  return new ReusableStatement<PlatformIngestValues>(async (v, db) => sql`
    with account as (select account_id from connections where id = ${v("connectionId")} and account_id = ${v("accountId")}),
    prev as (select id from calls where connection_id = ${v("connectionId")} and external_id = ${v("externalId")}),
    ${agentCtes(agent, { number: v("agentNumber"), platform: v("platform"), platformAgentId: v("platformAgentId"), newAgentId: v("newAgentId") })},
    contact as (${callerContactSql(v, sql`not exists (select 1 from prev)`)}),
    stored as (
      insert into calls as k (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
                              caller_number, contact_id, contact_name_heard, phone_type, started_at, ended_at, duration_seconds,
                              summary, transcript, recording_url, connection_id, platform, platform_agent_id, analysis,
                              actions_due_at, actions_released_at, sample, agent_id)
      select ${v("callId")}, account_id, ${v("eventId")}, ${v("externalId")}, ${v("agentNumber")}::text,
              ${v("direction")}, ${v("status")}::call_status, ${v("from")}::text, ${v("to")}::text, ${v("callerNumber")}::text, (select id from contact),
              ${v("contactName")}::text, coalesce((select phone_type from contact), ${v("phoneType")}::phone_type),
              ${v("startedAt")}::timestamptz, ${v("endedAt")}::timestamptz, ${v("durationSeconds")}::int, ${v("summary")}::text,
              coalesce(${v("transcript")}::jsonb, '[]'::jsonb), ${v("recordingUrl")}::text, ${v("connectionId")}, ${v("platform")}::platform,
              ${v("platformAgentId")}::text, ${v("analysis")}::jsonb,
              case when ${v("final")} then null else now() + make_interval(secs => ${v("waitSeconds")}) end,
              case when ${v("final")} then now() end, ${v("sample")}::boolean, (select id from agent)
        from account
      on conflict (connection_id, external_id) where connection_id is not null do update set
        status = excluded.status,
        -- An event that carries no times (the receipt time stood in) keeps the ones we have.
        started_at = case when ${v("timesKnown")} then excluded.started_at else k.started_at end,
        ended_at = case when ${v("timesKnown")} then excluded.ended_at else k.ended_at end,
        duration_seconds = case when ${v("timesKnown")} then excluded.duration_seconds else k.duration_seconds end,
        agent_number = coalesce(excluded.agent_number, k.agent_number),
        from_number = coalesce(excluded.from_number, k.from_number),
        to_number = coalesce(excluded.to_number, k.to_number),
        caller_number = coalesce(excluded.caller_number, k.caller_number),
        contact_name_heard = coalesce(excluded.contact_name_heard, k.contact_name_heard),
        summary = coalesce(excluded.summary, k.summary),
        transcript = case when ${v("transcript")}::jsonb is null then k.transcript else excluded.transcript end,
        -- A recording the owner deleted stays deleted, whatever the platform sends again.
        recording_url = case when k.recording_deleted_at is null then coalesce(excluded.recording_url, k.recording_url) end,
        platform_agent_id = coalesce(excluded.platform_agent_id, k.platform_agent_id),
        -- An event naming the platform agent decides the agent; one without only fills a call that had none.
        agent_id = case when excluded.platform_agent_id is not null or k.agent_id is null then coalesce(excluded.agent_id, k.agent_id) else k.agent_id end,
        analysis = coalesce(excluded.analysis, k.analysis),
        actions_due_at = case when ${v("final")} then null else k.actions_due_at end,
        actions_released_at = case when ${v("final")} and k.actions_due_at is not null then now() else k.actions_released_at end
      where ${v("mayUpdate")}
      returning id, account_id, status, duration_seconds, agent_id, (xmax = 0) as created,
                coalesce(actions_released_at = now(), false) as released
    ),
    call as (select id, account_id, status, duration_seconds, agent_id from stored where released),
    ${await callDeliveriesCtesWith(db, { deliveryIds: v("deliveryIds"), messageIds: v("messageIds"), test: v("sample") })}
    select (select id from stored) as call_id,
           (select id from prev) as existing_id,
           exists (select 1 from account) as connected,
           (select created from stored) as created,
           (select released from stored) as released,
           coalesce((select json_agg(json_build_object('id', id)) from delivery), '[]'::json) as deliveries,
           (select count(*) from notified) as notified`);
}

/** Each built once (db/statement.ts). */
const STATEMENTS: Record<AgentMatch, ReusableStatement<PlatformIngestValues>> = {
  platformAgentId: platformIngestStatement("platformAgentId"),
  number: platformIngestStatement("number"),
  none: platformIngestStatement("none"),
};

/**
 * Stores a voice platform's call in ONE statement, like native ingest (lib/ingest/ingest-call.ts):
 * the call (same row and pipeline as a native call), its caller as a contact, and — when its actions
 * run now — their deliveries and jobs.
 *
 * The idempotency key is (connection, platform call id). An event about a call we already have
 * updates it (Bland's corrected transcript, Retell's `call_analyzed` bringing the summary): a value
 * the event does not carry never erases one we have.
 *
 * When the actions run is decided inside the upsert, on the row as it stands after any concurrent
 * event has committed (ON CONFLICT DO UPDATE locks it), so no interleaving of two events runs them
 * twice or never:
 * - a final event releases them if the call is new, or if it was waiting (`actions_due_at` set);
 *   it stamps `actions_released_at = now()`, and `released` is read back as "stamped by this statement";
 * - a provisional event (Retell's `call_ended`) stores a new call with `actions_due_at = now() + wait`;
 *   the worker's sweep releases it when that passes (lib/ingest/release-actions.ts);
 * - anything else (a redelivery, a late `call_ended`) only updates the call.
 * And the deliveries' unique (call, action) index makes a second release insert nothing regardless.
 *
 * `mayUpdate: false` (a platform whose signature does not cover the body, Synthflow) keeps a stored
 * call as it is: a replayed signature with another body changes nothing.
 *
 * Null when the connection no longer exists (deleted since the route looked it up): nothing stored.
 */
export async function ingestPlatformCall(
  db: Db,
  connection: InboundConnection,
  event: { final: boolean; call: PlatformCall },
  /** `sample`: the getting-started sample call; the call is marked and its deliveries are free tests. */
  opts: { mayUpdate?: boolean; sample?: boolean } = {},
): Promise<PlatformIngestResult | null> {
  const mayUpdate = opts.mayUpdate ?? true;
  const sample = opts.sample === true;
  const c = event.call;
  const inbound = c.direction === "inbound";
  const from = inbound ? c.callerNumber : c.agentNumber;
  const to = inbound ? c.agentNumber : c.callerNumber;
  const startedAt = new Date(c.startedAt).toISOString();
  const endedAt = new Date(c.endedAt).toISOString();
  const durationSeconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000));
  const phoneType = phoneTypeOf(c.callerNumber);
  const contactName = c.contactName?.trim() || null;
  const summary = c.summary?.trim() || null;
  const transcript = c.transcript.length > 0 ? JSON.stringify(c.transcript) : null;
  const analysis = c.analysis ? JSON.stringify(c.analysis) : null;
  const statement = STATEMENTS[agentMatchOf({ number: c.agentNumber, platform: connection.platform, platformAgentId: c.agentId })];
  const values: PlatformIngestValues = {
    connectionId: connection.id,
    accountId: connection.accountId,
    platform: connection.platform,
    waitSeconds: connection.waitSeconds,
    externalId: c.externalId,
    eventId: `${connection.id}:${c.externalId}`,
    agentNumber: c.agentNumber,
    platformAgentId: c.agentId,
    newAgentId: newId("agt"),
    contactId: newId("ct"),
    callerNumber: c.callerNumber,
    contactName,
    phoneType,
    callId: newId("call"),
    direction: c.direction,
    status: c.status,
    from,
    to,
    startedAt,
    endedAt,
    durationSeconds,
    timesKnown: c.timesKnown,
    summary,
    transcript,
    recordingUrl: c.recordingUrl,
    analysis,
    final: event.final,
    mayUpdate,
    sample,
    ...newDeliveryIds(),
  };
  const row = await runSettlingRaces(() => statement.run<Row>(db, values));

  if (!row!.connected) return null;
  // No row back: a call we had, left unchanged (mayUpdate false). `prev` found it, unless it was
  // inserted concurrently after this statement's snapshot: then read it now that it has committed.
  const callId = row!.call_id ?? row!.existing_id ?? (await existingCallId(db, connection.id, c.externalId));
  const result = { callId, created: row!.created ?? false, released: row!.released ?? false, deliveryIds: row!.deliveries.map((d) => d.id) };
  log.info(
    {
      callId: result.callId,
      connection: connection.id,
      platform: connection.platform,
      caller: maskPhone(c.callerNumber),
      final: event.final,
      created: result.created,
      deliveries: result.deliveryIds.length,
    },
    result.created ? "platform call stored" : "platform call updated",
  );
  return result;
}

/**
 * Runs the statement again when events about one call racing each other make PostgreSQL report the
 * conflict on `calls.event_id` instead of settling it on the upsert's own (connection, call id) index:
 * both unique indexes cover the same pair (the event id is made of it), only the arbiter index gets
 * ON CONFLICT's speculative insertion, and `calls_event_id_unique` (older, so filled first) waits for
 * the other insert and raises 23505 once it commits (seen once in CI, in
 * ingest-platform-call.db.test.ts's racing test). The failed statement stored nothing; run again, it
 * finds the other event's committed row and updates it. Assumes the statement runs on its own (every
 * caller passes the pool): inside a transaction the first error would abort it.
 */
async function runSettlingRaces(run: () => Promise<Row[]>): Promise<Row | undefined> {
  for (let tries = 1; ; tries++) {
    try {
      return (await run())[0];
    } catch (error) {
      if (tries >= 3 || !isUniqueViolation(error, "calls_event_id_unique")) throw error;
    }
  }
}

async function existingCallId(db: Db, connectionId: string, externalId: string): Promise<string> {
  const [row] = await db.select({ id: calls.id }).from(calls).where(and(eq(calls.connectionId, connectionId), eq(calls.externalId, externalId)));
  if (!row) throw new Error("a platform call conflicted but was not found");
  return row.id;
}
