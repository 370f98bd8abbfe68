import { callerLabel } from "@/components/calls/call-parties";
import type { Db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listAgents } from "@/db/queries/agents";
import { listCalls } from "@/db/queries/calls";
import type { CallStatus } from "@/db/schema";
import { agentLabel } from "@/lib/agents/label";
import { AppError } from "@/lib/errors";
import { formatListTime } from "@/lib/format-time";
import { formatDuration } from "@/lib/messages/call-view";
import { PLATFORM_GUIDES } from "@/lib/platforms/guides";
import type { CallFiltersInput } from "./call-filters";

/**
 * A row of the calls list as the page shows it, formatted on the server (time zone, phone numbers):
 * the same JSON whether the page renders it or the live list re-reads it (GET /api/dashboard/calls),
 * so the browser needs no phone-number metadata and no time-zone rules.
 */
export type CallListItem = {
  id: string;
  direction: "inbound" | "outbound";
  title: string;
  subtitle: string;
  summary: string | null;
  /** The agent that took the call, by the name the owner gave it (else its number or platform id). */
  agentName: string | null;
  platformLabel: string | null;
  sample: boolean;
  status: CallStatus;
  hasRecording: boolean;
  duration: string;
  endedAt: string;
  endedAtLabel: string;
};

/** `readAt`: when it was read (ms since the epoch), so a fresher read wins over a cached one. */
export type CallsPageData = {
  timeZone: string;
  /** The account's agents, for the filter. */
  agents: { id: string; label: string }[];
  rows: CallListItem[];
  nextCursor: string | null;
  readAt: number;
};

export async function loadCallsPage(db: Db, accountId: string, filters: CallFiltersInput): Promise<CallsPageData> {
  const [account, agentRows] = await Promise.all([getAccount(db, accountId), listAgents(db, accountId)]);
  const agents = agentRows.map((a) => ({ id: a.id, label: agentLabel(a) }));
  const agentNames = new Map(agents.map((a) => [a.id, a.label]));
  const timeZone = account?.timeZone ?? "UTC";
  const list = (cursor: string | undefined) =>
    listCalls(db, accountId, { ...filters, cursor, timeZone, defaultCountry: account?.defaultCountry, limit: 25 });
  // A cursor edited by hand shows the first page rather than an error page (the API answers 400).
  const { rows, nextCursor } = await list(filters.cursor).catch((error: unknown) => {
    if (error instanceof AppError) return list(undefined);
    throw error;
  });
  const now = new Date();
  return {
    readAt: now.getTime(),
    timeZone,
    agents,
    nextCursor,
    rows: rows.map((call) => {
      const number = callerLabel(call);
      return {
        id: call.id,
        direction: call.direction,
        title: call.contact.name ?? number,
        subtitle:
          (call.contact.name ? number : call.direction === "inbound" ? "Inbound" : "Outbound") +
          (call.contact.name && !call.contact.saved ? " · from the call" : ""),
        summary: call.summary,
        agentName: (call.agentId && agentNames.get(call.agentId)) || null,
        platformLabel: call.platform ? PLATFORM_GUIDES[call.platform].label : null,
        sample: call.sample,
        status: call.status,
        hasRecording: call.hasRecording,
        duration: formatDuration(call.durationSeconds),
        endedAt: call.endedAt.toISOString(),
        endedAtLabel: formatListTime(call.endedAt, timeZone, now),
      };
    }),
  };
}
