import { sampleCallView } from "@/lib/messages/call-view";
import { buildWebhookPayload } from "@/lib/messages/webhook-payload";
import { CREDITS_PER_MESSAGE } from "@/lib/pricing";

/**
 * The guide's example payload, built by the same code as real ones. `data.actions[].id` is the post-call
 * action's id (`act_…`), as real payloads carry it; example.test.ts checks it against the JSON Schema.
 */
export const GUIDE_EXAMPLE = buildWebhookPayload(
  sampleCallView("https://app.aftercall.example"),
  [
    { id: "act_7kq2m9x4c1h8r3t5v0wy", channel: "sms", to: "+61412000111", status: "sent", credits: CREDITS_PER_MESSAGE.sms, error: null },
    { id: "act_3hf8d2n6p0j4k9s1u7zq", channel: "email", to: "office@demorealty.example", status: "sent", credits: CREDITS_PER_MESSAGE.email, error: null },
  ],
  { timestamp: new Date("2026-11-24T09:03:13.120Z") },
);
