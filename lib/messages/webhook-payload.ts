import type { ActionResult } from "@/lib/delivery/receipts";
import type { Channel } from "@/lib/pricing";
import { callJson } from "./call-json";
import type { CallView } from "./call-view";

export const API_VERSION = "2026-11-01";

export type ActionResultView = {
  id: string;
  channel: Exclude<Channel, "webhook">;
  to: string;
  /** Usually pending, sent, failed or skipped: a receipt that came before the webhook was built shows too. */
  status: ActionResult;
  credits: number;
  error: string | null;
};

/** The `call.ended` payload (docs/architecture.md, "Outbound webhooks"), built from the same CallView as the SMS and email. */
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
      call: callJson(view),
      actions,
    },
  };
}

export type WebhookPayload = ReturnType<typeof buildWebhookPayload>;
