import { and, desc, eq, gt, lt, or, sql } from "drizzle-orm";
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

/**
 * The development mailbox (lib/dev-mailbox.ts): the newest sign-in email kept for `email` in the last
 * 15 minutes. Sign-in emails belong to no account, so this is the one outbox read by address.
 */
export async function latestSignInEmail(db: Db, email: string): Promise<{ text: string; createdAt: Date } | null> {
  const [row] = await db
    .select({ text: outbox.bodyText, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(eq(outbox.toAddress, email), eq(outbox.kind, "magic_link"), gt(outbox.createdAt, sql`now() - interval '15 minutes'`)))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(1);
  return row ?? null;
}
