import { WebhookFailedEmail, webhookFailedSubject } from "@/components/emails/webhook-failed-email";
import { db } from "@/db";
import { ownerEmails } from "@/db/queries/accounts";
import { getEnv } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { renderEmail } from "@/lib/messages/render-email";
import type { AttemptOutcome } from "./attempt-outcome";
import { sendEmail } from "./email";

const log = logger("deliver");

const REASON_TEXT: Record<string, string> = {
  endpoint_gone: "The endpoint answered 410 Gone, so Aftercall disabled it.",
  endpoint_disabled: "The endpoint has been failing for 5 days, so Aftercall disabled it.",
  retries_exhausted: "Every retry failed.",
  blocked_address: "The URL resolves to a private or reserved address, which Aftercall does not call.",
  insecure_url: "Webhook URLs must use https.",
  timeout: "The endpoint did not answer within 10 seconds, on every retry.",
  network_error: "The endpoint could not be reached, on every retry.",
  worker_failed: "Aftercall could not complete the delivery (it failed on every try).",
};

/** Emails the account's owners that a webhook delivery failed for good (and whether its endpoint was disabled). */
export async function alertOwnersOfFailedWebhook(
  d: { id: string; accountId: string; callId: string | null; destination: string; messageId: string },
  reason: string | null,
  last: AttemptOutcome | null,
  disabled: boolean,
) {
  const appUrl = getEnv().APP_URL;
  const element = WebhookFailedEmail({
    destination: d.destination,
    webhookId: d.messageId,
    why: (reason && REASON_TEXT[reason]) ?? "The endpoint did not accept it.",
    last: last?.statusCode ? `Last response: HTTP ${last.statusCode}.` : last?.outcome !== "success" && last?.error ? `Last error: ${last.error}.` : "",
    disabled,
    detailsUrl: d.callId ? `${appUrl}/calls/${d.callId}` : `${appUrl}/developers/webhooks`,
  });
  const { html, text } = await renderEmail(element);
  for (const email of await ownerEmails(db, d.accountId)) {
    await sendEmail({ accountId: d.accountId, to: email, subject: webhookFailedSubject({ disabled }), text, html, kind: "alert", idempotencyKey: `alert-${d.id}-${email}` });
    log.info({ deliveryId: d.id, to: maskEmail(email) }, "owner alerted about a failed webhook");
  }
}
