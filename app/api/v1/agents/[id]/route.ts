import { db } from "@/db";
import { renameAgent } from "@/db/queries/agents";
import type { Role } from "@/db/schema";
import { agentIdSchema, renameAgentSchema } from "@/lib/agents/schema";
import { apiRoute, readJson } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import { AppError } from "@/lib/errors";
import { agentJson } from "../serialize";

export const dynamic = "force-dynamic";

// CAN_EDIT of lib/member, spelled out: that module pulls in the session stack, which API keys never use.
const CAN_EDIT: Role[] = ["owner", "developer"];

type Context = { params: Promise<{ id: string }> };

/** PATCH /api/v1/agents/{id} `{name}`: names an agent; `null` or "" goes back to its number or platform id. */
export const PATCH = apiRoute(async (request: Request, context: Context) => {
  const key = await requireApiKey(request, CAN_EDIT);
  const id = agentIdSchema.safeParse((await context.params).id);
  if (!id.success) throw AppError.notFound("That agent does not exist.");
  const { name } = renameAgentSchema.parse(await readJson(request, 4 * 1024));
  return Response.json(agentJson(await renameAgent(db, key.accountId, id.data, name, key.actor)));
});
