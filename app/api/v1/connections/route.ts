import { createConnectionSchema } from "@/lib/connections/schema";
import { db } from "@/db";
import { createConnection, listConnections } from "@/db/queries/connections";
import type { Role } from "@/db/schema";
import { apiRoute, readJson } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import { connectionJson, connectionListJson } from "./serialize";

export const dynamic = "force-dynamic";

// CAN_EDIT of lib/member, spelled out: that module pulls in the session stack, which API keys never use.
const CAN_EDIT: Role[] = ["owner", "developer"];

/** GET /api/v1/connections: the account's voice platform connections, oldest first (a handful per account, so no pages). */
export const GET = apiRoute(async (request: Request) => {
  const key = await requireApiKey(request, CAN_EDIT);
  const rows = await listConnections(db, key.accountId);
  return Response.json({ data: rows.map(connectionListJson) });
});

/** POST /api/v1/connections `{platform, name, secret}`: the answer carries the URL to paste into the platform, never the secret. */
export const POST = apiRoute(async (request: Request) => {
  const key = await requireApiKey(request, CAN_EDIT);
  const input = createConnectionSchema.parse(await readJson(request, 16 * 1024));
  const created = await createConnection(db, key.accountId, input, key.actor);
  return Response.json(connectionJson(created), { status: 201 });
});
