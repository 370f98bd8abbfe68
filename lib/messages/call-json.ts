import { transcriptText, type CallView } from "./call-view";

/**
 * A call as JSON, the one shape shared by the webhook payload's `data.call` and the public API's call
 * object, so an integration reads both the same way (schema: lib/messages/webhook-schema.ts).
 * `platform` and `analysis` are null for calls that did not come from a voice platform connection.
 */
export function callJson(view: CallView) {
  return {
    id: view.id,
    external_id: view.externalId,
    direction: view.direction,
    status: view.status,
    from: view.from,
    to: view.to,
    contact: {
      name: view.contact.name,
      saved: view.contact.saved,
      phone: view.contact.phone,
      phone_type: view.contact.phoneType,
    },
    started_at: view.startedAt.toISOString(),
    ended_at: view.endedAt.toISOString(),
    duration_seconds: view.durationSeconds,
    summary: view.summary,
    transcript: view.transcript,
    transcript_text: transcriptText(view.transcript),
    recording_url: view.recordingLink,
    platform: view.platform
      ? { name: view.platform.name, connection_id: view.platform.connectionId, agent_id: view.platform.agentId }
      : null,
    analysis: view.analysis,
  };
}
