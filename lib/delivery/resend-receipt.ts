import { Webhook, WebhookVerificationError } from "svix";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { bounceWords, type Receipt } from "./receipts";

export const RESEND_EVENTS_PATH = "/api/v1/resend/events";

/**
 * Checks a Resend webhook with the `svix` library (Resend signs with Svix: `svix-id`,
 * `svix-timestamp` within 5 minutes, `svix-signature` over the exact body) and RESEND_WEBHOOK_SECRET.
 * 404 when the secret is not set here, 401 when the signature does not match.
 */
export function verifyResendEvent(request: Request, raw: string): unknown {
  const secret = getEnv().RESEND_WEBHOOK_SECRET;
  if (!secret) throw new AppError(404, "not_configured", "Resend events are not configured: set RESEND_WEBHOOK_SECRET.");
  const headers = {
    "svix-id": request.headers.get("svix-id") ?? "",
    "svix-timestamp": request.headers.get("svix-timestamp") ?? "",
    "svix-signature": request.headers.get("svix-signature") ?? "",
  };
  try {
    new Webhook(secret).verify(raw, headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      throw new AppError(401, "invalid_signature", "The svix-signature does not match. Check RESEND_WEBHOOK_SECRET.");
    }
    throw error;
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw AppError.badRequest("The body is not valid JSON.", [{ field: "(body)", message: "not valid JSON" }]);
  }
}

const eventSchema = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().min(1).max(200).optional(),
      created_at: z.string().optional(),
      bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .loose()
    .optional(),
});

const ACTED_ON = ["email.delivered", "email.delivery_delayed", "email.complained", "email.bounced"] as const;

/**
 * A verified Resend event → the email it is about and its receipt, or null for events not acted on
 * (email.sent, opened, clicked, …; contact and domain events).
 */
export function resendReceipt(event: unknown, now = new Date()): { emailId: string; receipt: Receipt } | null {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) throw AppError.badRequest("The event is not valid.", fieldErrorsFromZod(parsed.error.issues));
  const e = parsed.data;
  if (!(ACTED_ON as readonly string[]).includes(e.type)) return null;
  const emailId = e.data?.email_id;
  if (!emailId) throw AppError.badRequest("The event is not valid.", [{ field: "data.email_id", message: "is required" }]);
  const stamp = new Date(e.created_at ?? e.data?.created_at ?? "");
  const at = Number.isNaN(stamp.getTime()) ? now : stamp;
  switch (e.type as (typeof ACTED_ON)[number]) {
    case "email.delivered":
      return { emailId, receipt: { receipt: "delivered", code: null, detail: null, at } };
    case "email.delivery_delayed":
      return { emailId, receipt: { receipt: "delayed", code: null, detail: "The receiving server has not accepted it yet; Resend keeps trying", at } };
    case "email.complained":
      return { emailId, receipt: { receipt: "complained", code: null, detail: "The recipient marked it as spam", at } };
    case "email.bounced": {
      const b = e.data?.bounce;
      const code = [b?.type, b?.subType].filter(Boolean).join("/").slice(0, 100) || null;
      return { emailId, receipt: { receipt: "bounced", code, detail: bounceWords(b), at } };
    }
  }
}
