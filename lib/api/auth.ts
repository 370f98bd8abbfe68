import { and, eq, isNull, sql } from "drizzle-orm";
import { db } from "@/db";
import { apiKeys, type Role } from "@/db/schema";
import type { Actor } from "@/db/audit";
import { sha256Hex } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { checkRateLimit } from "@/lib/rate-limit";

export type ApiPrincipal = { accountId: string; role: Role; keyId: string; actor: Actor };

export const API_RATE_LIMIT = { limit: 600, windowSeconds: 60 };

/**
 * Authenticates a public API request by its bearer key: 401 for a missing, unknown or revoked key,
 * 429 past the per-key rate limit, 403 when the key's role is not in `roles`.
 */
export async function requireApiKey(request: Request, roles: Role[] = ["owner", "developer", "viewer"]): Promise<ApiPrincipal> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(ak_[A-Za-z0-9_-]{20,})$/.exec(header.trim());
  if (!match) throw AppError.unauthorized("Send an API key in the Authorization header: Bearer ak_…");
  const [row] = await db
    .select({ id: apiKeys.id, accountId: apiKeys.accountId, role: apiKeys.role, prefix: apiKeys.prefix })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(match[1]!)), isNull(apiKeys.revokedAt)));
  if (!row) throw AppError.unauthorized("This API key is unknown or was revoked.");

  const limit = await checkRateLimit(`api:${row.id}`, API_RATE_LIMIT);
  if (!limit.ok) throw AppError.tooManyRequests(limit.retryAfterSeconds, "Rate limit reached for this API key.");
  if (!roles.includes(row.role)) throw AppError.forbidden(`This API key's role (${row.role}) does not allow this.`);

  // last_used_at at most once a minute per key: no write on every request.
  await db
    .update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKeys.id, row.id), sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`));

  return { accountId: row.accountId, role: row.role, keyId: row.id, actor: { userId: null, label: `API key ${row.prefix}…` } };
}
