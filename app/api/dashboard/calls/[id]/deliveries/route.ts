import { db } from "@/db";
import { getCall } from "@/db/queries/calls";
import { apiRoute } from "@/lib/api/handler";
import { NO_STORE, requireSessionMember } from "@/lib/api/session";
import { loadCallDeliveries } from "@/lib/dashboard/call-deliveries";
import { AppError } from "@/lib/errors";

/** GET /api/dashboard/calls/{id}/deliveries — a call's post-call actions as its page renders them, for the live page. */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const member = await requireSessionMember();
  const { id } = await params;
  const found = await getCall(db, member.accountId, id);
  if (!found) throw AppError.notFound("No such call.");
  return Response.json(await loadCallDeliveries(db, member.accountId, id, found.timeZone), { headers: NO_STORE });
});
