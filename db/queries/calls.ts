import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { accounts, calls, contacts, deliveries, deliveryAttempts, postCallActions, type CallStatus } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { AppError } from "@/lib/errors";
import { resolveContactName, type CallView } from "@/lib/messages/call-view";
import { recordingLink } from "@/lib/recordings";
import { getEnv } from "@/lib/env";
import { toE164 } from "@/lib/phone";

/**
 * Calls of one account. Every query takes the account id and never returns another account's rows.
 * Lists are keyset-paginated on (ended_at desc, id desc), the order of calls_account_ended_idx.
 */

export type CallFilters = {
  status?: CallStatus;
  /** Inclusive dates (YYYY-MM-DD) in the account's time zone. */
  from?: string;
  to?: string;
  /** Caller number (any common format) or contact name. */
  q?: string;
};


const savedName = sql<string | null>`case when ${contacts.saved} then ${contacts.name} end`;

function filterConditions(accountId: string, f: CallFilters, timeZone: string, defaultCountry: string): SQL[] {
  const where: SQL[] = [eq(calls.accountId, accountId)];
  if (f.status) where.push(eq(calls.status, f.status));
  // Dates are days in the account's time zone: midnight there, as an instant.
  if (f.from) where.push(sql`${calls.endedAt} >= (${f.from}::date)::timestamp at time zone ${timeZone}`);
  if (f.to) where.push(sql`${calls.endedAt} < ((${f.to}::date) + 1)::timestamp at time zone ${timeZone}`);
  const q = f.q?.trim();
  if (q) {
    const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
    const digits = q.replace(/[^\d]/g, "");
    const e164 = /\d/.test(q) ? toE164(q, defaultCountry) : null;
    const byNumber = [
      ...(digits.length >= 3 ? [ilike(calls.callerNumber, `%${digits}%`)] : []),
      ...(e164 ? [eq(calls.callerNumber, e164)] : []),
    ];
    where.push(
      or(
        ...byNumber,
        and(eq(contacts.saved, true), ilike(contacts.name, `%${escaped}%`)),
        ilike(calls.contactNameHeard, `%${escaped}%`),
      )!,
    );
  }
  return where;
}

export type CallListRow = Awaited<ReturnType<typeof listCalls>>["rows"][number];

export async function listCalls(
  db: Db,
  accountId: string,
  opts: CallFilters & { cursor?: string | null; limit?: number; timeZone?: string; defaultCountry?: string } = {},
) {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const where = filterConditions(accountId, opts, opts.timeZone ?? "UTC", opts.defaultCountry ?? "AU");
  const cursor = decodeCursor(opts.cursor, ["endedAt", "id"], { dates: ["endedAt"] });
  if (cursor) {
    const endedAt = new Date(cursor.endedAt);
    where.push(or(lt(calls.endedAt, endedAt), and(eq(calls.endedAt, endedAt), lt(calls.id, cursor.id)))!);
  }
  const rows = await db
    .select({
      id: calls.id,
      externalId: calls.externalId,
      direction: calls.direction,
      status: calls.status,
      fromNumber: calls.fromNumber,
      toNumber: calls.toNumber,
      callerNumber: calls.callerNumber,
      agentNumber: calls.agentNumber,
      phoneType: calls.phoneType,
      contactNameHeard: calls.contactNameHeard,
      savedName,
      contactSaved: sql<boolean>`coalesce(${contacts.saved}, false)`,
      startedAt: calls.startedAt,
      endedAt: calls.endedAt,
      durationSeconds: calls.durationSeconds,
      summary: calls.summary,
      platform: calls.platform,
      connectionId: calls.connectionId,
      platformAgentId: calls.platformAgentId,
      hasRecording: sql<boolean>`${calls.recordingUrl} is not null and ${calls.recordingDeletedAt} is null`,
      sample: calls.sample,
    })
    .from(calls)
    .leftJoin(contacts, eq(contacts.id, calls.contactId))
    .where(and(...where))
    .orderBy(desc(calls.endedAt), desc(calls.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => ({
    ...r,
    contact: resolveContactName({ name: r.savedName, saved: r.contactSaved }, r.contactNameHeard),
  }));
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ endedAt: last.endedAt.toISOString(), id: last.id }) : null };
}

export async function getCall(db: Db, accountId: string, callId: string) {
  const [row] = await db
    .select({ call: calls, contact: contacts, timeZone: accounts.timeZone })
    .from(calls)
    .innerJoin(accounts, eq(accounts.id, calls.accountId))
    .leftJoin(contacts, eq(contacts.id, calls.contactId))
    .where(and(eq(calls.accountId, accountId), eq(calls.id, callId)));
  if (!row) return null;
  const { call, contact, timeZone } = row;
  const name = resolveContactName(contact ? { name: contact.name, saved: contact.saved } : null, call.contactNameHeard);
  const recordingAvailable = !!call.recordingUrl && !call.recordingDeletedAt;
  return { call, contact, timeZone, name, recordingAvailable };
}

/** The call as every notification and the public API describe it (lib/messages/call-view.ts). */
export function toCallView(found: NonNullable<Awaited<ReturnType<typeof getCall>>>): CallView {
  const { call, contact, timeZone, name, recordingAvailable } = found;
  const appUrl = getEnv().APP_URL;
  return {
    id: call.id,
    externalId: call.externalId,
    direction: call.direction,
    status: call.status,
    from: call.fromNumber,
    to: call.toNumber,
    callerNumber: call.callerNumber,
    contact: { name: name.name, saved: name.saved, phone: call.callerNumber, phoneType: contact?.phoneType ?? call.phoneType },
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    durationSeconds: call.durationSeconds,
    summary: call.summary,
    transcript: call.transcript,
    recordingLink: recordingAvailable ? recordingLink(call.id) : null,
    callPageUrl: `${appUrl}/calls/${call.id}`,
    timeZone,
    platform: call.platform ? { name: call.platform, connectionId: call.connectionId, agentId: call.platformAgentId } : null,
    analysis: call.analysis ?? null,
  };
}

/**
 * The call's post-call actions (deliveries) with their attempts, in the order the actions are
 * configured (they share a created_at, and ids are random); a deleted action's delivery comes last.
 */
export async function callDeliveries(db: Db, accountId: string, callId: string) {
  const rows = await db
    .select({ d: deliveries })
    .from(deliveries)
    .leftJoin(postCallActions, eq(postCallActions.id, deliveries.actionId))
    .where(and(eq(deliveries.accountId, accountId), eq(deliveries.callId, callId)))
    .orderBy(sql`${postCallActions.position} asc nulls last`, asc(deliveries.createdAt), asc(deliveries.id))
    .then((r) => r.map((x) => x.d));
  if (rows.length === 0) return [];
  const attempts = await db
    .select({
      id: deliveryAttempts.id,
      deliveryId: deliveryAttempts.deliveryId,
      attemptNumber: deliveryAttempts.attemptNumber,
      startedAt: deliveryAttempts.startedAt,
      latencyMs: deliveryAttempts.latencyMs,
      outcome: deliveryAttempts.outcome,
      statusCode: deliveryAttempts.statusCode,
      error: deliveryAttempts.error,
    })
    .from(deliveryAttempts)
    .where(
      and(
        eq(deliveryAttempts.accountId, accountId),
        inArray(
          deliveryAttempts.deliveryId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(deliveryAttempts.attemptNumber));
  return rows.map((d) => ({ ...d, attempts: attempts.filter((a) => a.deliveryId === d.id) }));
}

/**
 * An owner deletes a call's recording early: its `/r/…` links answer 410 from now on. Audited in the
 * same transaction.
 */
export async function deleteRecording(db: Db, accountId: string, callId: string, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(calls)
      .set({ recordingDeletedAt: new Date() })
      .where(and(eq(calls.accountId, accountId), eq(calls.id, callId), isNull(calls.recordingDeletedAt), sql`${calls.recordingUrl} is not null`))
      .returning({ id: calls.id });
    if (!row) throw AppError.notFound("This call has no recording to delete.");
    await audit(tx, { accountId, actor, action: "recording.deleted", target: callId });
    return row.id;
  });
}

/** For the `/r/<token>` route: the token already names the call, so no account scope applies here. */
export async function recordingOf(db: Db, callId: string) {
  const [row] = await db
    .select({
      url: calls.recordingUrl,
      deletedAt: calls.recordingDeletedAt,
      // Past the account's retention the purge job may not have run yet; the link is gone all the same.
      expired: sql<boolean>`${calls.endedAt} < now() - make_interval(months => ${accounts.recordingRetentionMonths})`,
    })
    .from(calls)
    .innerJoin(accounts, eq(accounts.id, calls.accountId))
    .where(eq(calls.id, callId));
  return row ?? null;
}



