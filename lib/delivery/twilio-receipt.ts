import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { twilioErrorWords, type Receipt } from "./receipts";

/** Where Twilio posts an SMS's status changes (the `statusCallback` every message is sent with). */
export const MESSAGE_STATUS_PATH = "/api/v1/twilio/message-status";

/** The public URL Twilio calls and signs: APP_URL, never the (proxied) request's own URL. */
export const messageStatusCallbackUrl = () => `${getEnv().APP_URL}${MESSAGE_STATUS_PATH}`;

const callbackSchema = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "must be a Twilio message SID"),
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().regex(/^\d{1,6}$/, "must be a Twilio error code").optional(),
});

/**
 * A verified status callback → the receipt it carries, or none for the statuses on the way
 * (accepted, queued, sending, sent, …: they never move a message back from a final one).
 * `failed` (Twilio could not send it) and `undelivered` (the carrier could not deliver it) both mean
 * the recipient never got it: `undelivered`, with the code in words.
 */
export function twilioReceipt(params: Record<string, string>, now = new Date()): { sid: string; receipt: Receipt | null } {
  const parsed = callbackSchema.safeParse({ ...params, ErrorCode: params.ErrorCode || undefined });
  if (!parsed.success) throw AppError.badRequest("The status callback is not valid.", fieldErrorsFromZod(parsed.error.issues));
  const { MessageSid: sid, MessageStatus: status, ErrorCode: code } = parsed.data;
  if (status === "delivered") return { sid, receipt: { receipt: "delivered", code: null, detail: null, at: now } };
  if (status === "undelivered" || status === "failed") {
    const words = twilioErrorWords(code ?? null);
    const detail = status === "failed" ? `Twilio could not send it${words ? `: ${words}` : ""}` : (words ?? "The carrier could not deliver it");
    return { sid, receipt: { receipt: "undelivered", code: code ?? null, detail, at: now } };
  }
  return { sid, receipt: null };
}
