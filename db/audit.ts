import type { Db, Tx } from "@/db";
import { auditLog } from "@/db/schema";

/** Who did something: a signed-in member, an API key, or the system itself. */
export type Actor = { userId: string | null; label: string };

export const SYSTEM_ACTOR: Actor = { userId: null, label: "system" };

/**
 * Appends to the account's audit log (the table refuses updates and deletes). Call it inside the
 * transaction of the change it records, so the record and the change land together.
 */
export async function audit(
  db: Db | Tx,
  entry: { accountId: string; actor: Actor; action: string; target?: string | null; meta?: Record<string, unknown> },
) {
  await db.insert(auditLog).values({
    accountId: entry.accountId,
    actorUserId: entry.actor.userId,
    actorLabel: entry.actor.label,
    action: entry.action,
    target: entry.target ?? null,
    meta: entry.meta ?? null,
  });
}
