import { z } from "zod";

/** The PostgreSQL channel the live-dashboard triggers notify on (db/migrations/0011_live_notify.sql). */
export const LIVE_CHANNEL = "aftercall_live";

/**
 * One change, as the trigger sends it: the account, what changed and its ids. Nothing else — the page
 * re-reads through its own account-scoped queries, so a notification never carries data to leak.
 */
const notificationSchema = z.object({
  a: z.string().min(1),
  k: z.enum(["call", "delivery"]),
  c: z.string().nullable(),
  d: z.string().optional(),
  ch: z.enum(["sms", "email", "webhook"]).optional(),
});

/** What a browser receives: the notification without the account (the stream is the account's). */
export type LiveEvent = { kind: "call" | "delivery"; callId: string | null; deliveryId?: string; channel?: "sms" | "email" | "webhook" };

export type LiveNotification = { accountId: string; event: LiveEvent };

/** A notification's payload, or null for anything malformed (dropped: a page re-reads on its next change). */
export function parseLiveNotification(payload: string): LiveNotification | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success) return null;
  const { a, k, c, d, ch } = parsed.data;
  return { accountId: a, event: { kind: k, callId: c, ...(d ? { deliveryId: d } : {}), ...(ch ? { channel: ch } : {}) } };
}
