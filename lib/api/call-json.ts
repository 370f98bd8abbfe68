import type { callDeliveries, CallListRow } from "@/db/queries/calls";
import type { CallView } from "@/lib/messages/call-view";
import { transcriptText } from "@/lib/messages/call-view";

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
    has_recording: row.hasRecording,
  };
}

export function callDetailJson(view: CallView, actions: Awaited<ReturnType<typeof callDeliveries>>) {
  return {
    id: view.id,
    external_id: view.externalId,
    direction: view.direction,
    status: view.status,
    from: view.from,
    to: view.to,
    contact: { name: view.contact.name, saved: view.contact.saved, phone: view.contact.phone, phone_type: view.contact.phoneType },
    started_at: view.startedAt.toISOString(),
    ended_at: view.endedAt.toISOString(),
    duration_seconds: view.durationSeconds,
    summary: view.summary,
    transcript: view.transcript,
    transcript_text: transcriptText(view.transcript),
    recording_url: view.recordingLink,
    actions: actions.map((d) => ({
      id: d.actionId,
      delivery_id: d.id,
      channel: d.channel,
      to: d.destination,
      status: d.status,
      reason: d.reason,
      credits: d.credits,
      attempt_count: d.attemptCount,
      error: d.attempts.at(-1)?.error ?? null,
      completed_at: d.completedAt?.toISOString() ?? null,
    })),
  };
}
