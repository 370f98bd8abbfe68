import { db } from "@/db";
import { apiRoute } from "@/lib/api/handler";
import { NO_STORE, requireSessionMember } from "@/lib/api/session";
import { loadDeliveryLog } from "@/lib/dashboard/webhook-deliveries";

/** GET /api/dashboard/webhook-deliveries?status=&endpoint=&cursor= — the delivery log's page as it renders it, for the live log. */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  const member = await requireSessionMember();
  const p = new URL(request.url).searchParams;
  const search = { status: p.get("status") ?? undefined, endpoint: p.get("endpoint") ?? undefined, cursor: p.get("cursor") ?? undefined };
  return Response.json(await loadDeliveryLog(db, member.accountId, search), { headers: NO_STORE });
});
