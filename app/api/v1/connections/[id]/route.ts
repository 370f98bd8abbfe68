import { connectionIdSchema } from "@/lib/connections/schema";
import { db } from "@/db";
import { deleteConnection, forgetConnection } from "@/db/queries/connections";
import type { Role } from "@/db/schema";
import { apiRoute } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

// CAN_EDIT of lib/member, spelled out: that module pulls in the session stack, which API keys never use.
const CAN_EDIT: Role[] = ["owner", "developer"];

type Context = { params: Promise<{ id: string }> };

/** DELETE /api/v1/connections/{id}: its URL answers 404 from now on; the calls it brought stay. */
export const DELETE = apiRoute(async (request: Request, context: Context) => {
  const key = await requireApiKey(request, CAN_EDIT);
  const parsed = connectionIdSchema.safeParse((await context.params).id);
  if (!parsed.success) throw AppError.notFound("That connection does not exist.");
  await deleteConnection(db, key.accountId, parsed.data, key.actor);
  forgetConnection(parsed.data);
  return new Response(null, { status: 204 });
});
