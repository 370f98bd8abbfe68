import { z } from "zod";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listCalls } from "@/db/queries/calls";
import { requireApiKey } from "@/lib/api/auth";
import { callSummaryJson } from "@/lib/api/call-json";
import { apiRoute } from "@/lib/api/handler";

/** GET /api/v1/calls?cursor=&limit= — the account's calls, newest first (docs/architecture.md §4). */
export const dynamic = "force-dynamic";

const query = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(25),
});

export const GET = apiRoute(async (request: Request) => {
  const principal = await requireApiKey(request);
  const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const account = await getAccount(db, principal.accountId);
  const { rows, nextCursor } = await listCalls(db, principal.accountId, {
    cursor: params.cursor,
    limit: params.limit,
    timeZone: account?.timeZone,
  });
  return Response.json({ data: rows.map(callSummaryJson), next_cursor: nextCursor });
});
