import { and, desc, eq, gt, isNull, isNotNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { webhookSecrets } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { newWebhookSecret } from "@/lib/delivery/sign";
import { newId } from "@/lib/ids";

/**
 * The account's webhook signing secrets (docs/architecture.md §3). The current one has no `expires_at`; after a
 * rotation the previous one keeps signing (a second `v1,` entry) until its `expires_at` (24 h) or
 * until it is revoked. Stored encrypted; plaintext only leaves through these functions.
 */
export const ROTATION_GRACE_MS = 24 * 3600 * 1000;

export type SecretRow = typeof webhookSecrets.$inferSelect;

async function insertSecret(db: Db | Tx, accountId: string) {
  const secret = newWebhookSecret();
  const id = newId("whs");
  await db.insert(webhookSecrets).values({
    id,
    accountId,
    secretEncrypted: encryptSecret(secret),
    lastFour: secret.slice(-4),
  });
  return { id, secret };
}

/** The current secret, created on first need. Concurrent first calls agree on one (advisory lock). */
export async function ensureWebhookSecret(db: Db, accountId: string): Promise<{ id: string; secret: string }> {
  const current = await currentSecret(db, accountId);
  if (current) return current;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhook-secret:${accountId}`}))`);
    const again = await currentSecret(tx, accountId);
    if (again) return again;
    return insertSecret(tx, accountId);
  });
}

async function currentSecret(db: Db | Tx, accountId: string) {
  const [row] = await db
    .select()
    .from(webhookSecrets)
    .where(and(eq(webhookSecrets.accountId, accountId), isNull(webhookSecrets.expiresAt), isNull(webhookSecrets.revokedAt)))
    .orderBy(desc(webhookSecrets.createdAt))
    .limit(1);
  return row ? { id: row.id, secret: decryptSecret(row.secretEncrypted) } : null;
}

/** Every secret that signs now, newest first: the current one and unexpired, unrevoked previous ones. */
export async function activeSigningSecrets(db: Db | Tx, accountId: string, now = new Date()): Promise<string[]> {
  const rows = await activeSecretRows(db, accountId, now);
  return rows.map((r) => decryptSecret(r.secretEncrypted));
}

/**
 * What a webhook is signed with: activeSigningSecrets, after creating the account's secret if it has
 * no current one (its first webhook). One query when it has — the worker's path for every webhook.
 */
export async function secretsToSignWith(db: Db, accountId: string, now = new Date()): Promise<string[]> {
  const rows = await activeSecretRows(db, accountId, now);
  if (rows.some((r) => r.expiresAt === null)) return rows.map((r) => decryptSecret(r.secretEncrypted));
  await ensureWebhookSecret(db, accountId);
  return activeSigningSecrets(db, accountId, now);
}

/**
 * The one definition of "signs at `at`": the account's secrets not revoked that are current (no
 * expiry) or still in their grace period. Shared by activeSecretRows and the worker's one read per
 * attempt (db/queries/attempt-context.ts), so the two cannot disagree about which secrets sign.
 */
export function signsAt(accountId: string | AnyColumn, at: Date | SQL): SQL {
  return and(
    eq(webhookSecrets.accountId, accountId),
    isNull(webhookSecrets.revokedAt),
    or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, at)),
  )!;
}

/** The order signatures are listed in: newest secret first. */
export const newestSecretFirst = [desc(webhookSecrets.createdAt), desc(webhookSecrets.id)];

/** The rows behind activeSigningSecrets, for the masked display (no plaintext). */
export async function activeSecretRows(db: Db | Tx, accountId: string, now = new Date()): Promise<SecretRow[]> {
  return db
    .select()
    .from(webhookSecrets)
    .where(signsAt(accountId, now))
    .orderBy(...newestSecretFirst);
}

/**
 * A new secret signs at once; the one it replaces signs for 24 h more. Any older secret still in
 * its grace period stops now, so at most two ever sign.
 */
export async function rotateWebhookSecret(db: Db, accountId: string, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhook-secret:${accountId}`}))`);
    // Earlier previous secrets stop signing.
    await tx
      .update(webhookSecrets)
      .set({ expiresAt: now })
      .where(
        and(
          eq(webhookSecrets.accountId, accountId),
          isNotNull(webhookSecrets.expiresAt),
          gt(webhookSecrets.expiresAt, now),
          isNull(webhookSecrets.revokedAt),
        ),
      );
    await tx
      .update(webhookSecrets)
      .set({ expiresAt: new Date(now.getTime() + ROTATION_GRACE_MS) })
      .where(and(eq(webhookSecrets.accountId, accountId), isNull(webhookSecrets.expiresAt), isNull(webhookSecrets.revokedAt)));
    const created = await insertSecret(tx, accountId);
    await audit(tx, { accountId, actor, action: "webhook_secret.rotated", target: created.id });
    return created;
  });
}

/** Ends the grace period at once: only the current secret signs. */
export async function revokePreviousWebhookSecrets(db: Db, accountId: string, actor: Actor, now = new Date()) {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(webhookSecrets)
      .set({ revokedAt: now })
      .where(
        and(
          eq(webhookSecrets.accountId, accountId),
          isNotNull(webhookSecrets.expiresAt),
          // Only secrets still signing: an expired one was not revoked by this press (the count is shown and audited).
          gt(webhookSecrets.expiresAt, now),
          isNull(webhookSecrets.revokedAt),
        ),
      )
      .returning({ id: webhookSecrets.id });
    if (revoked.length > 0) {
      await audit(tx, { accountId, actor, action: "webhook_secret.previous_revoked", meta: { count: revoked.length } });
    }
    return revoked.length;
  });
}
