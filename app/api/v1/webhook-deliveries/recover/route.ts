import { db } from "@/db";
import { requireApiKey } from "@/lib/api/auth";
import { apiRoute, readJson } from "@/lib/api/handler";
import { serializeRecovery } from "@/lib/api/serialize-recovery";
import { recoverWebhooks } from "@/lib/delivery/recovery";
import { recoveryProgress } from "@/db/queries/webhook-recovery";

/**
 * `POST /api/v1/webhook-deliveries/recover` {since, to?}: queues again the webhook deliveries that failed
 * since `since` (to the endpoint URL `to`, or every endpoint), each with its `webhook-id`. At most 1,000
 * per request (`more` says whether others remain: call again), 6 requests per 10 minutes per account.
 * 202 with the recovery's progress; follow it at `GET /api/v1/webhook-deliveries/recover/{id}`.
 */
export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  const principal = await requireApiKey(request, ["owner", "developer"]);
  const body = await readJson(request, 4 * 1024);
  const result = await recoverWebhooks(db, principal.accountId, body, principal.actor);
  const progress = await recoveryProgress(db, principal.accountId, result.id);
  return Response.json({ ...serializeRecovery(progress!), limit: result.limit }, { status: 202 });
});
