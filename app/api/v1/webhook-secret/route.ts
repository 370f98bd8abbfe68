import { db } from "@/db";
import { readActiveSecretsForApi } from "@/db/queries/webhook-secret-access";
import { requireApiKey } from "@/lib/api/auth";
import { apiRoute } from "@/lib/api/handler";

/**
 * `GET /api/v1/webhook-secret` (docs/architecture.md §4): the secrets signing now, newest first — the current one
 * (`expires_at` null) and, after a rotation, the previous one until it expires. Owner and developer
 * keys only; every read is written to the audit log.
 */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  const principal = await requireApiKey(request, ["owner", "developer"]);
  const secrets = await readActiveSecretsForApi(db, principal.accountId, principal.actor);
  return Response.json(
    {
      data: secrets.map((s) => ({
        secret: s.secret,
        created_at: s.createdAt.toISOString(),
        expires_at: s.expiresAt?.toISOString() ?? null,
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
});
