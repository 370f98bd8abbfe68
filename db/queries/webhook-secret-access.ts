import { and, desc, eq, gt, isNull, like, or } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, webhookSecrets } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { decryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { activeSecretRows, ensureWebhookSecret } from "./webhook-secrets";

/**
 * Who may see the signing secret, and the record of it. The page gets only `SecretSummary` (last four
 * characters); the plaintext leaves through `readWebhookSecret` (Reveal, Copy) and
 * `readActiveSecretsForApi`, and every such read is audited in the same transaction.
 */
export type SecretSummary = { id: string; lastFour: string; createdAt: Date; expiresAt: Date | null; current: boolean };

/** The secrets signing now, newest first, creating the first one on first visit. No plaintext. */
export async function webhookSecretSummary(db: Db, accountId: string, now = new Date()): Promise<SecretSummary[]> {
  await ensureWebhookSecret(db, accountId);
  const rows = await activeSecretRows(db, accountId, now);
  return rows.map((r) => ({ id: r.id, lastFour: r.lastFour, createdAt: r.createdAt, expiresAt: r.expiresAt, current: r.expiresAt === null }));
}

/** One signing secret of the account in plaintext, for Reveal or Copy; 404 once it no longer signs. */
export async function readWebhookSecret(db: Db, accountId: string, secretId: string, actor: Actor, how: "revealed" | "copied", now = new Date()) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookSecrets)
      .where(
        and(
          eq(webhookSecrets.id, secretId),
          eq(webhookSecrets.accountId, accountId),
          isNull(webhookSecrets.revokedAt),
          or(isNull(webhookSecrets.expiresAt), gt(webhookSecrets.expiresAt, now)),
        ),
      );
    if (!row) throw AppError.notFound("This secret no longer signs (it was rotated or revoked). Reload the page.");
    await audit(tx, { accountId, actor, action: `webhook_secret.${how}`, target: row.id, meta: { lastFour: row.lastFour } });
    return decryptSecret(row.secretEncrypted);
  });
}

/** `GET /api/v1/webhook-secret`: every secret signing now, newest first, audited as one read. */
export async function readActiveSecretsForApi(db: Db, accountId: string, actor: Actor, now = new Date()) {
  await ensureWebhookSecret(db, accountId);
  return db.transaction(async (tx) => {
    const rows = await activeSecretRows(tx, accountId, now);
    await audit(tx, { accountId, actor, action: "webhook_secret.read_via_api", meta: { count: rows.length } });
    return rows.map((r) => ({ id: r.id, secret: decryptSecret(r.secretEncrypted), createdAt: r.createdAt, expiresAt: r.expiresAt }));
  });
}

/** The latest reveals, copies, rotations and revocations, for the page's activity list. */
export async function webhookSecretActivity(db: Db, accountId: string, limit = 10) {
  return db
    .select({ id: auditLog.id, actorLabel: auditLog.actorLabel, action: auditLog.action, meta: auditLog.meta, createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, accountId), like(auditLog.action, "webhook_secret.%")))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
