import type { callDeliveries, CallListRow } from "@/db/queries/calls";
import { actionResult, REFUNDED_RECEIPTS } from "@/lib/delivery/receipts";
import type { CallView } from "@/lib/messages/call-view";
import { callJson } from "@/lib/messages/call-json";

/**
 * The public API's call objects (docs/architecture.md §4), field names as in the webhook payload of docs/architecture.md §3 so an
 * integration reads both the same way.
 */
export function callSummaryJson(row: CallListRow) {
  return {
    id: row.id,
    external_id: row.externalId,
    direction: row.direction,
    status: row.status,
    from: row.fromNumber,
    to: row.toNumber,
    contact: { name: row.contact.name, saved: row.contact.saved, phone: row.callerNumber, phone_type: row.phoneType },
    started_at: row.startedAt.toISOString(),
    ended_at: row.endedAt.toISOString(),
    duration_seconds: row.durationSeconds,
    summary: row.summary,
    platform: row.platform ? { name: row.platform, connection_id: row.connectionId, agent_id: row.platformAgentId } : null,
    has_recording: row.hasRecording,
  };
}

export function callDetailJson(view: CallView, actions: Awaited<ReturnType<typeof callDeliveries>>) {
  return {
    ...callJson(view),
    actions: actions.map((d) => ({
      id: d.actionId,
      delivery_id: d.id,
      channel: d.channel,
      to: d.destination,
      // The send's status until the carrier's or mailbox's receipt says more (delivered, undelivered, bounced, …).
      status: actionResult(d),
      reason: d.reason,
      credits: d.credits,
      attempt_count: d.attemptCount,
      error: d.receipt && REFUNDED_RECEIPTS.includes(d.receipt) ? d.receiptDetail : (d.attempts.at(-1)?.error ?? null),
      completed_at: d.completedAt?.toISOString() ?? null,
      receipt: d.receipt
        ? { status: d.receipt, code: d.receiptCode, detail: d.receiptDetail, at: d.receiptAt?.toISOString() ?? null }
        : null,
    })),
  };
}
