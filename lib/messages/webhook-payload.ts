import type { Channel } from "@/lib/pricing";
import { transcriptText, type CallView } from "./call-view";

export const API_VERSION = "2026-11-01";

export type ActionResultView = {
  id: string;
  channel: Exclude<Channel, "webhook">;
  to: string;
  status: "pending" | "sent" | "failed" | "skipped";
  credits: number;
  error: string | null;
};

/** The `call.ended` payload of docs/architecture.md §3, built from the same CallView as the SMS and email. */
export function buildWebhookPayload(
  view: CallView,
  actions: ActionResultView[],
  opts: { test?: boolean; timestamp?: Date } = {},
) {
  return {
    type: "call.ended" as const,
    api_version: API_VERSION,
    timestamp: (opts.timestamp ?? new Date()).toISOString(),
    test: opts.test ?? false,
    data: {
      call: {
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
      },
      actions,
    },
  };
}

export type WebhookPayload = ReturnType<typeof buildWebhookPayload>;
