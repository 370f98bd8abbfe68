import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { executeDirect } from "@/db/direct";
import type { InboundConnection } from "@/db/queries/connections";
import { calls } from "@/db/schema";
import { newId } from "@/lib/ids";
import { logger, maskPhone } from "@/lib/logger";
import { phoneTypeOf } from "@/lib/phone-type";
import type { PlatformCall } from "@/lib/platforms/types";
import { callDeliveriesCtes } from "@/db/queries/delivery-lifecycle";
import { callerContactSql } from "./caller-contact-sql";

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
  const deliveriesCtes = await callDeliveriesCtes(db, { test: sample });

  const [row] = (await executeDirect<Row>(db, sql`
    with account as (select account_id from connections where id = ${connection.id} and account_id = ${connection.accountId}),
    prev as (select id from calls where connection_id = ${connection.id} and external_id = ${c.externalId}),
    contact as (${callerContactSql({ callerNumber: c.callerNumber, contactName, phoneType, endedAt, isNew: sql`not exists (select 1 from prev)` })}),
    stored as (
      insert into calls as k (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
                              caller_number, contact_id, contact_name_heard, phone_type, started_at, ended_at, duration_seconds,
                              summary, transcript, recording_url, connection_id, platform, platform_agent_id, analysis,
                              actions_due_at, actions_released_at, sample)
      select ${newId("call")}, account_id, ${`${connection.id}:${c.externalId}`}, ${c.externalId}, ${c.agentNumber}::text,
              ${c.direction}, ${c.status}::call_status, ${from}::text, ${to}::text, ${c.callerNumber}::text, (select id from contact),
              ${contactName}::text, coalesce((select phone_type from contact), ${phoneType}::phone_type),
              ${startedAt}::timestamptz, ${endedAt}::timestamptz, ${durationSeconds}::int, ${summary}::text,
              coalesce(${transcript}::jsonb, '[]'::jsonb), ${c.recordingUrl}::text, ${connection.id}, ${connection.platform}::platform,
              ${c.agentId}::text, ${analysis}::jsonb,
              case when ${event.final} then null else now() + make_interval(secs => ${connection.waitSeconds}) end,
              case when ${event.final} then now() end, ${sample}::boolean
        from account
      on conflict (connection_id, external_id) where connection_id is not null do update set
        status = excluded.status,
        started_at = excluded.started_at,
        ended_at = excluded.ended_at,
        duration_seconds = excluded.duration_seconds,
        agent_number = coalesce(excluded.agent_number, k.agent_number),
        from_number = coalesce(excluded.from_number, k.from_number),
        to_number = coalesce(excluded.to_number, k.to_number),
        caller_number = coalesce(excluded.caller_number, k.caller_number),
        contact_name_heard = coalesce(excluded.contact_name_heard, k.contact_name_heard),
        summary = coalesce(excluded.summary, k.summary),
        transcript = case when ${transcript}::jsonb is null then k.transcript else excluded.transcript end,
        -- A recording the owner deleted stays deleted, whatever the platform sends again.
        recording_url = case when k.recording_deleted_at is null then coalesce(excluded.recording_url, k.recording_url) end,
        platform_agent_id = coalesce(excluded.platform_agent_id, k.platform_agent_id),
        analysis = coalesce(excluded.analysis, k.analysis),
        actions_due_at = case when ${event.final} then null else k.actions_due_at end,
        actions_released_at = case when ${event.final} and k.actions_due_at is not null then now() else k.actions_released_at end
      where ${mayUpdate}
      returning id, account_id, status, duration_seconds, (xmax = 0) as created,
                coalesce(actions_released_at = now(), false) as released
    ),
    call as (select id, account_id, status, duration_seconds from stored where released),
    ${deliveriesCtes}
    select (select id from stored) as call_id,
           (select id from prev) as existing_id,
           exists (select 1 from account) as connected,
           (select created from stored) as created,
           (select released from stored) as released,
           coalesce((select json_agg(json_build_object('id', id)) from delivery), '[]'::json) as deliveries,
           (select count(*) from notified) as notified`)) as Row[];

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

async function existingCallId(db: Db, connectionId: string, externalId: string): Promise<string> {
  const [row] = await db.select({ id: calls.id }).from(calls).where(and(eq(calls.connectionId, connectionId), eq(calls.externalId, externalId)));
  if (!row) throw new Error("a platform call conflicted but was not found");
  return row.id;
}
