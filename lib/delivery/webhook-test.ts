import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { postCallActions } from "@/db/schema";
import type { Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { assertTestSendAllowed, createTestDelivery } from "./test-send";

/**
 * "Send test event" (Developer Tools → Webhooks, the delivery log and `POST /api/v1/webhook-test`):
 * one signed `test: true` delivery to each enabled webhook action, or to the one named, through the
 * same pipeline as a post-call action's test send. One press is one test send for the rate limit, so
 * an account with several endpoints is not locked out by its own fan-out.
 */
export const NO_WEBHOOK_MESSAGE = "There is no enabled webhook action. Add one under Post-call actions, then send a test event.";

export async function sendWebhookTestEvents(
  db: Db,
  accountId: string,
  actor: Actor,
  opts: { actionId?: string } = {},
): Promise<{ deliveryIds: string[] }> {
  const targets = await db
    .select()
    .from(postCallActions)
    .where(
      and(
        eq(postCallActions.accountId, accountId),
        eq(postCallActions.channel, "webhook"),
        opts.actionId ? eq(postCallActions.id, opts.actionId) : eq(postCallActions.enabled, true),
      ),
    )
    .orderBy(asc(postCallActions.createdAt), asc(postCallActions.id));
  if (opts.actionId && targets.length === 0) throw AppError.notFound("No webhook action with this id in your account.");
  if (targets.length === 0) throw AppError.unprocessable(NO_WEBHOOK_MESSAGE);
  await assertTestSendAllowed(accountId);
  return db.transaction(async (tx) => {
    const deliveryIds: string[] = [];
    for (const action of targets) deliveryIds.push(await createTestDelivery(tx, accountId, action, actor));
    return { deliveryIds };
  });
}
