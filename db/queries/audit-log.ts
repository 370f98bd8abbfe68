import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog } from "@/db/schema";

/** One page of the audit log, newest first by (created_at, id); keyset like the ledger. */
export async function auditLogPage(
  db: Db,
  accountId: string,
  opts: { before?: number | null; action?: string | null; limit?: number } = {},
) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = await db
    .select({
      id: auditLog.id,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      target: auditLog.target,
      meta: auditLog.meta,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.accountId, accountId),
        opts.action ? eq(auditLog.action, opts.action) : undefined,
        opts.before
          ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (select a.created_at, a.id from audit_log a where a.id = ${opts.before} and a.account_id = ${accountId})`
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: hasMore ? page[page.length - 1]!.id : null };
}

/** The actions that occur in this account's log, for the filter. */
export async function auditActions(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.accountId, accountId))
    .orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}
