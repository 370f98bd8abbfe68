import { db } from "@/db";
import { listAgents } from "@/db/queries/agents";
import { apiRoute } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import { agentJson } from "./serialize";

export const dynamic = "force-dynamic";

/** GET /api/v1/agents: the account's agents, oldest first (a handful per account, so no pages). Any key may read. */
export const GET = apiRoute(async (request: Request) => {
  const key = await requireApiKey(request);
  const rows = await listAgents(db, key.accountId);
  return Response.json({ data: rows.map((a) => ({ ...agentJson(a), last_call_at: a.lastCallAt?.toISOString() ?? null })) });
});
