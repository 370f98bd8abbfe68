import { db } from "@/db";
import { apiRoute } from "@/lib/api/handler";
import { NO_STORE, requireSessionMember } from "@/lib/api/session";
import { callFiltersSchema, firstValues } from "@/lib/dashboard/call-filters";
import { loadCallsPage } from "@/lib/dashboard/calls-page";

/** GET /api/dashboard/calls?status=&from=&to=&q=&cursor= — the calls list's page as it renders it, for the live list. */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  const member = await requireSessionMember();
  const filters = callFiltersSchema.parse(firstValues(Object.fromEntries(new URL(request.url).searchParams)));
  return Response.json(await loadCallsPage(db, member.accountId, filters), { headers: NO_STORE });
});
