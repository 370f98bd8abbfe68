import { and, count, eq, gte } from "drizzle-orm";
import type { Db } from "@/db";
import { accounts, calls } from "@/db/schema";

/** Headline figures for the overview page, scoped to one account. */
export async function overviewFigures(db: Db, accountId: string) {
  const now = new Date();
  const startOfDay = new Date(now);
  startOfDay.setUTCHours(0, 0, 0, 0);
  const weekAgo = new Date(now.getTime() - 7 * 86400_000);
  const [[today], [week], [account]] = await Promise.all([
    db.select({ n: count() }).from(calls).where(and(eq(calls.accountId, accountId), gte(calls.endedAt, startOfDay))),
    db.select({ n: count() }).from(calls).where(and(eq(calls.accountId, accountId), gte(calls.endedAt, weekAgo))),
    db.select({ balance: accounts.creditBalance }).from(accounts).where(eq(accounts.id, accountId)),
  ]);
  return { callsToday: today?.n ?? 0, callsThisWeek: week?.n ?? 0, balance: account?.balance ?? 0 };
}
