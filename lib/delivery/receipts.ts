import type { DeliveryReceipt, DeliveryStatus } from "@/db/schema";

/**
 * Delivery receipts: what Twilio and Resend tell us after they took a message. A leaf module (no
 * database, no environment) shared by the receipt routes, the lifecycle and every place that shows
 * an action's result.
 */

/** A receipt as the lifecycle records it (db/queries/delivery-lifecycle.ts `recordReceipt`). */
export type Receipt = {
  receipt: DeliveryReceipt;
  /** Twilio's ErrorCode or Resend's bounce type; null when the provider gave none. */
  code: string | null;
  /** The receipt in words; null for a plain delivered. */
  detail: string | null;
  /** When the provider says it happened (or when it told us). */
  at: Date;
};

/** Receipts that mean the message never reached its recipient: the credits go back. */
export const REFUNDED_RECEIPTS: readonly DeliveryReceipt[] = ["undelivered", "bounced"];

/**
 * An action's result as a person or an integration reads it: the send's own status until a receipt
 * says more. One name per result wherever it shows (call page, API `actions[]`, webhook payload).
 */
export const ACTION_RESULTS = ["pending", "sent", "delayed", "delivered", "complained", "undelivered", "bounced", "failed", "skipped"] as const;
export type ActionResult = (typeof ACTION_RESULTS)[number];

export function actionResult(d: { status: DeliveryStatus; receipt: DeliveryReceipt | null }): ActionResult {
  return d.status === "sent" && d.receipt ? d.receipt : d.status;
}

export const ACTION_RESULT_LABEL: Record<ActionResult, string> = {
  pending: "Pending",
  sent: "Sent",
  delayed: "Delayed",
  delivered: "Delivered",
  complained: "Marked as spam",
  undelivered: "Undelivered",
  bounced: "Bounced",
  failed: "Failed",
  skipped: "Skipped",
};

/**
 * Twilio's message error codes an owner is likely to meet, in words
 * (https://www.twilio.com/docs/api/errors). Unknown codes are shown as their number.
 */
export const TWILIO_ERROR_WORDS: Record<number, string> = {
  21408: "sending to this region is not enabled on the Twilio account",
  21610: "the recipient opted out (replied STOP)",
  21612: "this route cannot reach the number",
  21614: "the number is not a mobile number",
  30001: "Twilio's queue overflowed",
  30002: "the Twilio account is suspended",
  30003: "the handset is unreachable (off or out of coverage)",
  30004: "the message was blocked by the recipient or carrier",
  30005: "unknown destination: the number does not exist",
  30006: "a landline or a carrier that cannot take SMS",
  30007: "filtered by the carrier as spam",
  30008: "an unknown error at the carrier",
  30009: "part of the message went missing",
  30010: "the message cost more than the maximum price",
  30019: "the message is longer than the carrier accepts",
  30022: "over the 10DLC rate limit",
  30023: "over the 10DLC daily limit",
  30024: "the carrier does not allow this sender id",
  30032: "the toll-free sender is not verified",
  30034: "sent from a number not registered for 10DLC",
  30044: "the carrier took too long to accept it",
};

/** Twilio's ErrorCode in words, with the code: "the handset is unreachable (…) (Twilio 30003)". */
export function twilioErrorWords(code: string | null): string | null {
  if (!code) return null;
  const words = TWILIO_ERROR_WORDS[Number(code)];
  return words ? `${capitalize(words)} (Twilio ${code})` : `Twilio error ${code}`;
}

/** Resend's bounce in words: its type (Permanent, Transient, Undetermined), subtype and message. */
export function bounceWords(bounce: { type?: string; subType?: string; message?: string } | undefined): string {
  const kind = bounce?.type === "Permanent" ? "The address does not accept mail" : bounce?.type === "Transient" ? "The mailbox refused it for now" : "The mailbox refused it";
  const sub = bounce?.subType && bounce.subType !== "General" && bounce.subType !== "Undetermined" ? ` (${bounce.subType})` : "";
  const message = bounce?.message ? `: ${bounce.message}` : "";
  return `${kind}${sub}${message}`.slice(0, 500);
}

/** The ledger's note for a receipt's refund: it names the reason. */
export function receiptRefundNote(channel: "sms" | "email", r: Pick<Receipt, "receipt" | "detail">): string {
  const what = channel === "sms" ? "SMS" : "Email";
  return `Refund: ${what} ${r.receipt}${r.detail ? ` — ${r.detail}` : ""}`.slice(0, 500);
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
