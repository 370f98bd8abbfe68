import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "@/db";
import { outbox } from "@/db/schema";

export type OutboxCursor = { createdAt: string; id: string };

/** The account's kept messages, newest first, keyset-paginated. */
export async function listOutbox(db: Db, accountId: string, opts: { cursor?: OutboxCursor; limit?: number } = {}) {
  const limit = Math.min(opts.limit ?? 25, 100);
  const { cursor } = opts;
  const rows = await db
    .select()
    .from(outbox)
    .where(
      and(
        eq(outbox.accountId, accountId),
        cursor
          ? or(lt(outbox.createdAt, new Date(cursor.createdAt)), and(eq(outbox.createdAt, new Date(cursor.createdAt)), lt(outbox.id, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null };
}
