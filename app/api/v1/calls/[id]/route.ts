import { db } from "@/db";
import { callDeliveries, getCall, toCallView } from "@/db/queries/calls";
import { requireApiKey } from "@/lib/api/auth";
import { callDetailJson } from "@/lib/api/call-json";
import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";

/** GET /api/v1/calls/{id} — one call with its transcript and post-call action results (docs/architecture.md §4). */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const principal = await requireApiKey(request);
  const { id } = await params;
  const found = await getCall(db, principal.accountId, id);
  if (!found) throw AppError.notFound("No call with this id in your account.");
  const actions = await callDeliveries(db, principal.accountId, id);
  return Response.json(callDetailJson(toCallView(found), actions, found.call.agentId));
});
