import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db";
import { apiKeys, type Role } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto";
import { audit, type Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

export async function listApiKeys(db: Db, accountId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, accountId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Creates a key and returns it in full: the only time it is ever shown. */
export async function createApiKey(
  db: Db,
  accountId: string,
  input: { name: string; role: Role; createdBy: string | null; actor: Actor },
): Promise<{ id: string; key: string; prefix: string }> {
  const { key, prefix, hash } = generateApiKey();
  const id = newId("key");
  await db.transaction(async (tx) => {
    await tx.insert(apiKeys).values({ id, accountId, name: input.name, prefix, keyHash: hash, role: input.role, createdBy: input.createdBy });
    await audit(tx, { accountId, actor: input.actor, action: "api_key.created", target: `${input.name} (${prefix}…)`, meta: { role: input.role } });
  });
  return { id, key, prefix };
}

export async function revokeApiKey(db: Db, accountId: string, id: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name, prefix: apiKeys.prefix });
    if (!row) throw AppError.notFound("That API key does not exist or is already revoked.");
    await audit(tx, { accountId, actor, action: "api_key.revoked", target: `${row.name} (${row.prefix}…)` });
  });
}
