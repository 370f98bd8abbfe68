import { z } from "zod";

/**
 * "Resend everything that failed since …" (Developer Tools → Webhooks and
 * `POST /api/v1/webhook-deliveries/recover`): what a request may ask for. Free of the database so the
 * form, the server action and the route share one schema.
 */

/** One request queues at most this many deliveries; the answer says whether more remain. */
export const RECOVER_MAX = 1000;

/** How far back `since` may go: the delivery log keeps failures longer, but a month-old event is stale news. */
export const RECOVER_WINDOW_DAYS = 30;

/** Recovery requests per account: 6 per 10 minutes (6,000 deliveries), shared by the UI and the API. */
export const RECOVER_RATE_LIMIT = { limit: 6, windowSeconds: 600 };

export function recoverLimitKey(accountId: string): string {
  return `webhook-recover:${accountId}`;
}

export const recoverInputSchema = z
  .object({
    since: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time like 2026-11-24T09:00:00Z" }),
    to: z
      .url({ protocol: /^https?$/, message: "must be the http(s) URL of one of your webhook endpoints" })
      .max(2048)
      .optional()
      .nullable(),
  })
  .strict();

export type RecoverInput = { since: Date; to: string | null };

/** Parses and checks a request at `now`: `since` in the past and within the window. Throws a ZodError naming the field. */
export function parseRecoverInput(raw: unknown, now = new Date()): RecoverInput {
  const parsed = recoverInputSchema
    .superRefine((v, ctx) => {
      const since = new Date(v.since).getTime();
      if (since > now.getTime()) ctx.addIssue({ code: "custom", path: ["since"], message: "must not be in the future" });
      else if (since < now.getTime() - RECOVER_WINDOW_DAYS * 86400_000) {
        ctx.addIssue({ code: "custom", path: ["since"], message: `must be within the last ${RECOVER_WINDOW_DAYS} days` });
      }
    })
    .parse(raw);
  return { since: new Date(parsed.since), to: parsed.to ?? null };
}
