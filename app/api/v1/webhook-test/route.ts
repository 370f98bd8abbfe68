import { z } from "zod";
import { db } from "@/db";
import { attemptsFor, getDelivery } from "@/db/queries/deliveries";
import { requireApiKey } from "@/lib/api/auth";
import { apiRoute, readJson } from "@/lib/api/handler";
import { serializeDelivery } from "@/lib/api/serialize-delivery";
import { sendWebhookTestEvents } from "@/lib/delivery/webhook-test";

/**
 * `POST /api/v1/webhook-test` (docs/architecture.md §4): a signed `test: true` event through the real pipeline, to
 * every enabled webhook action or to `action_id`. 202 with the queued deliveries; they are sent by the
 * worker, so read their outcome from `GET /api/v1/webhook-deliveries`.
 */
export const dynamic = "force-dynamic";

const body = z.object({ action_id: z.string().min(1).max(64).optional() }).strict();

export const POST = apiRoute(async (request: Request) => {
  const principal = await requireApiKey(request, ["owner", "developer"]);
  // The body is optional: none, an empty one, or {"action_id": "act_…"}.
  const hasBody = (await request.clone().text()).trim() !== "";
  const input = hasBody ? body.parse(await readJson(request, 4 * 1024)) : {};
  const { deliveryIds } = await sendWebhookTestEvents(db, principal.accountId, principal.actor, { actionId: input.action_id });
  const attempts = await attemptsFor(db, principal.accountId, deliveryIds);
  const data = [];
  for (const id of deliveryIds) {
    const d = await getDelivery(db, principal.accountId, id);
    if (d) data.push(serializeDelivery(d, attempts.filter((a) => a.deliveryId === id)));
  }
  return Response.json({ data }, { status: 202 });
});
