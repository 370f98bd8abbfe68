import { actionListSchema } from "@/lib/post-call-actions/schema";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listActions, replaceActions } from "@/db/queries/post-call-actions";
import { apiRoute, readJson } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * `GET`/`PUT /api/v1/post-call-actions` (docs/architecture.md §4): the same schema and the same server functions as
 * the settings page. PUT replaces the whole list; send the `version` from GET to be refused (409)
 * instead of overwriting a change made meanwhile.
 */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request) => {
  const principal = await requireApiKey(request);
  return Response.json(await listActions(db, principal.accountId));
});

export const PUT = apiRoute(async (request) => {
  const principal = await requireApiKey(request, ["owner", "developer"]);
  const body = await readJson(request, 64 * 1024);
  const account = await getAccount(db, principal.accountId);
  if (!account) throw AppError.notFound("This account no longer exists.");
  const parsed = actionListSchema({
    defaultCountry: account.defaultCountry,
    allowPrivateNetworks: getEnv().WEBHOOK_ALLOW_PRIVATE_NETWORKS,
  }).parse(body);
  const saved = await replaceActions(db, principal.accountId, {
    actions: parsed.actions,
    expectedVersion: parsed.version,
    actor: principal.actor,
    via: "api",
  });
  return Response.json(saved);
});
