import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { agentNumbers, calls, contacts, deliveries, postCallActions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { enqueueDeliveries } from "@/lib/jobs/queue";
import { logger, maskPhone } from "@/lib/logger";
import { phoneTypeOf } from "@/lib/phone-type";
import type { CallEndedInput } from "./event-schema";

const log = logger("ingest");

export type IngestResult = { callId: string; created: boolean; accountId: string; deliveryIds: string[] };

/** The agent's number is `to` on inbound calls and `from` on outbound ones; the other side is the caller. */
export function partiesOf(data: CallEndedInput["data"]) {
  const agentNumber = data.direction === "inbound" ? data.to : data.from;
  const other = data.direction === "inbound" ? data.from : data.to;
  return { agentNumber, callerNumber: other === "anonymous" ? null : other };
}

/** Which account answers on this number, or a 422 (the platform sent us a number nobody registered). */
export async function accountForAgentNumber(db: Db, agentNumber: string, field = "data.to"): Promise<string> {
  const [row] = await db.select({ accountId: agentNumbers.accountId }).from(agentNumbers).where(eq(agentNumbers.e164, agentNumber));
  if (!row) {
    throw AppError.unprocessable("No account has this agent number. Add it under Settings → Phone numbers.", [
      { field, message: "is not a registered agent number" },
    ]);
  }
  return row.accountId;
}

/**
 * Stores a call-end event: the call, its caller as an (unsaved) contact, one pending delivery per enabled
 * action whose conditions match, and their jobs — in ONE transaction, so an accepted event is never
 * half-stored. Idempotency rests on the unique constraints (calls.event_id and (agent_number,
 * external_id)) through ON CONFLICT DO NOTHING: a concurrent duplicate waits for the first insert to
 * commit, then finds its row. There is no read-then-write to race.
 */
export async function ingestCall(db: Db, accountId: string, input: CallEndedInput): Promise<IngestResult> {
  const { data } = input;
  const { agentNumber, callerNumber } = partiesOf(data);
  const startedAt = new Date(data.started_at);
  const endedAt = new Date(data.ended_at);
  const durationSeconds = Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000));
  const phoneType = phoneTypeOf(callerNumber);
  const contactName = data.contact_name?.trim() || null;

  return db.transaction(async (tx) => {
    const callId = newId("call");
    const inserted = await tx
      .insert(calls)
      .values({
        id: callId,
        accountId,
        eventId: input.eventId,
        externalId: data.call_id,
        agentNumber,
        direction: data.direction,
        status: data.status,
        fromNumber: data.from,
        toNumber: data.to,
        callerNumber,
        contactNameHeard: contactName,
        phoneType,
        startedAt,
        endedAt,
        durationSeconds,
        summary: data.summary?.trim() || null,
        transcript: data.transcript ?? [],
        recordingUrl: data.recording_url ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: calls.id });

    if (inserted.length === 0) {
      // A redelivery (same webhook-id) or the same call sent again under a new id: answer with the call
      // we already have. The conflicting insert has committed by now, so this read sees it.
      const [existing] = await tx
        .select({ id: calls.id, accountId: calls.accountId })
        .from(calls)
        .where(or(eq(calls.eventId, input.eventId), and(eq(calls.agentNumber, agentNumber), eq(calls.externalId, data.call_id))))
        .limit(1);
      if (!existing) throw new Error("call insert conflicted but no conflicting call was found");
      log.info({ callId: existing.id }, "duplicate call-end event");
      return { callId: existing.id, created: false, accountId: existing.accountId, deliveryIds: [] };
    }

    let contactId: string | null = null;
    if (callerNumber) {
      // New callers are unsaved; a saved contact keeps its name. An unsaved one remembers the latest
      // name heard, so "Save as contact" can offer it.
      const [contact] = await tx
        .insert(contacts)
        .values({ id: newId("ct"), accountId, phone: callerNumber, name: contactName, saved: false, phoneType, lastCallAt: endedAt })
        .onConflictDoUpdate({
          target: [contacts.accountId, contacts.phone],
          set: {
            phoneType,
            lastCallAt: sql`greatest(${contacts.lastCallAt}, excluded.last_call_at)`,
            name: sql`case when ${contacts.saved} then ${contacts.name} else coalesce(excluded.name, ${contacts.name}) end`,
            updatedAt: sql`now()`,
          },
        })
        .returning({ id: contacts.id });
      contactId = contact!.id;
      await tx.update(calls).set({ contactId }).where(eq(calls.id, callId));
    }

    const actions = await tx
      .select({ id: postCallActions.id, channel: postCallActions.channel, destination: postCallActions.destination })
      .from(postCallActions)
      .where(
        and(
          eq(postCallActions.accountId, accountId),
          eq(postCallActions.enabled, true),
          sql`${data.status}::call_status = any(${postCallActions.statuses})`,
          sql`${postCallActions.minDurationSeconds} <= ${durationSeconds}`,
        ),
      )
      .orderBy(asc(postCallActions.position));

    const deliveryIds: string[] = [];
    if (actions.length > 0) {
      const rows = actions.map((a) => ({
        id: newId("dlv"),
        accountId,
        callId,
        actionId: a.id,
        channel: a.channel,
        destination: a.destination,
        status: "pending" as const,
        messageId: newId("msg"),
      }));
      await tx.insert(deliveries).values(rows);
      deliveryIds.push(...rows.map((r) => r.id));
      await enqueueDeliveries(tx, deliveryIds);
    }

    log.info(
      { callId, caller: maskPhone(callerNumber), status: data.status, deliveries: deliveryIds.length },
      "call stored",
    );
    return { callId, created: true, accountId, deliveryIds };
  });
}
