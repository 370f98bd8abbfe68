import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, agents, calls, contacts } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { resolveContactName, type CallView } from "@/lib/messages/call-view";
import { recordingLink } from "@/lib/recordings";

/** The columns a call view is built from (`toCallView`): the call, its account, its contact and its agent. */
export const callViewColumns = {
  call: calls,
  timeZone: accounts.timeZone,
  contactName: contacts.name,
  contactSaved: contacts.saved,
  agentName: agents.name,
};

export type CallViewRow = { call: typeof calls.$inferSelect; timeZone: string; contactName: string | null; contactSaved: boolean | null; agentName: string | null };

/**
 * A stored call as the messages see it (lib/messages/call-view.ts): the contact name by the rule of
 * docs/architecture.md §1, the recording as a signed Aftercall link unless it was deleted or purged, the account's
 * time zone. Null when the call is not this account's.
 */
export async function loadCallView(db: Db | Tx, accountId: string, callId: string): Promise<CallView | null> {
  const [row] = await db
    .select(callViewColumns)
    .from(calls)
    .innerJoin(accounts, eq(accounts.id, calls.accountId))
    .leftJoin(contacts, and(eq(contacts.id, calls.contactId), eq(contacts.accountId, calls.accountId)))
    .leftJoin(agents, and(eq(agents.id, calls.agentId), eq(agents.accountId, calls.accountId)))
    .where(and(eq(calls.id, callId), eq(calls.accountId, accountId)));
  return row ? toCallView(row) : null;
}

/** The view of a row read with `callViewColumns`. */
export function toCallView(row: CallViewRow): CallView {
  const c = row.call;
  const saved = row.contactSaved === null ? null : { name: row.contactName, saved: row.contactSaved };
  const { name, saved: isSaved } = resolveContactName(saved, c.contactNameHeard);
  const appUrl = getEnv().APP_URL;
  return {
    id: c.id,
    externalId: c.externalId,
    direction: c.direction,
    status: c.status,
    from: c.fromNumber,
    to: c.toNumber,
    callerNumber: c.callerNumber,
    contact: { name, saved: isSaved, phone: c.callerNumber, phoneType: c.phoneType },
    startedAt: c.startedAt,
    endedAt: c.endedAt,
    durationSeconds: c.durationSeconds,
    summary: c.summary,
    transcript: c.transcript,
    recordingLink: c.recordingUrl && !c.recordingDeletedAt ? recordingLink(c.id) : null,
    callPageUrl: `${appUrl}/calls/${c.id}`,
    timeZone: row.timeZone,
    platform: c.platform ? { name: c.platform, connectionId: c.connectionId, agentId: c.platformAgentId } : null,
    analysis: c.analysis ?? null,
    agentName: row.agentName ?? null,
  };
}
