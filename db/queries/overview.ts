import { and, count, desc, eq, gte, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { accounts, calls, creditLedger, deliveries, postCallActions } from "@/db/schema";
import { CHANNELS, type Channel } from "@/lib/pricing";

/** Midnight today and the start of this (Monday) week, in the account's time zone, as instants. */
function periodStarts(timeZone: string) {
  return {
    today: sql<Date>`(date_trunc('day', now() at time zone ${timeZone}) at time zone ${timeZone})`,
    week: sql<Date>`(date_trunc('week', now() at time zone ${timeZone}) at time zone ${timeZone})`,
  };
}

/** Calls of one agent only, when the overview is filtered by agent (the delivery's call's agent). */
const ofAgentCall = (callId: SQL | typeof deliveries.callId, agentId: string) =>
  sql`exists (select 1 from calls c where c.id = ${callId} and c.agent_id = ${agentId})`;

/** Net credits spent (charges minus refunds) since `since`, as a positive number; of one agent's calls when given. */
async function spentSince(db: Db, accountId: string, since: ReturnType<typeof sql>, agentId?: string) {
  const [row] = await db
    .select({ spent: sql<number>`coalesce(-sum(${creditLedger.amount}), 0)::int` })
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.accountId, accountId),
        inArray(creditLedger.kind, ["charge", "refund"]),
        gte(creditLedger.createdAt, since),
        agentId ? ofAgentCall(sql`(select d.call_id from deliveries d where d.id = ${creditLedger.deliveryId})`, agentId) : undefined,
      ),
    );
  return row?.spent ?? 0;
}

export type AttentionItem =
  | {
      kind: "failed_delivery";
      id: string;
      channel: Channel;
      destination: string;
      callId: string | null;
      reason: string | null;
      at: Date;
    }
  | { kind: "disabled_endpoint"; id: string; destination: string; reason: string; at: Date | null }
  | { kind: "low_balance"; balance: number; threshold: number }
  | { kind: "skipped_for_credits"; count: number; latestCallId: string | null };

/**
 * Headline figures and the "needs attention" list for the overview page, scoped to one account. With
 * `agentId`, the call counts, messages sent, credits used and the chart count that agent's calls only;
 * the balance and what needs attention stay the account's.
 */
export async function overviewFigures(db: Db, accountId: string, timeZone: string, agentId?: string) {
  const starts = periodStarts(timeZone);
  const ofAgent = agentId ? eq(calls.agentId, agentId) : undefined;
  const since7d = sql`now() - interval '7 days'`;
  const [
    [today],
    [week],
    [account],
    byChannel,
    creditsThisWeek,
    spent30d,
    failed,
    disabled,
    [skipped],
    daily,
  ] = await Promise.all([
    db
      .select({ n: count() })
      .from(calls)
      .where(and(eq(calls.accountId, accountId), gte(calls.endedAt, starts.today), ofAgent)),
    db
      .select({ n: count() })
      .from(calls)
      .where(and(eq(calls.accountId, accountId), gte(calls.endedAt, starts.week), ofAgent)),
    db
      .select({ balance: accounts.creditBalance, threshold: accounts.lowBalanceThreshold })
      .from(accounts)
      .where(eq(accounts.id, accountId)),
    db
      .select({ channel: deliveries.channel, n: count() })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.accountId, accountId),
          eq(deliveries.status, "sent"),
          eq(deliveries.test, false),
          gte(deliveries.createdAt, starts.week),
          agentId ? ofAgentCall(deliveries.callId, agentId) : undefined,
        ),
      )
      .groupBy(deliveries.channel),
    spentSince(db, accountId, starts.week, agentId),
    spentSince(db, accountId, sql`now() - interval '30 days'`),
    db
      .select({
        id: deliveries.id,
        channel: deliveries.channel,
        destination: deliveries.destination,
        callId: deliveries.callId,
        reason: deliveries.reason,
        at: deliveries.updatedAt,
      })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.accountId, accountId),
          eq(deliveries.status, "failed"),
          gte(deliveries.updatedAt, since7d),
        ),
      )
      .orderBy(desc(deliveries.updatedAt), desc(deliveries.id))
      .limit(5),
    db
      .select({
        id: postCallActions.id,
        destination: postCallActions.destination,
        reason: postCallActions.disabledReason,
        at: postCallActions.disabledAt,
      })
      .from(postCallActions)
      .where(and(eq(postCallActions.accountId, accountId), isNotNull(postCallActions.disabledReason))),
    db
      .select({
        n: count(),
        latestCallId: sql<
          string | null
        >`(array_agg(${deliveries.callId} order by ${deliveries.createdAt} desc))[1]`,
      })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.accountId, accountId),
          eq(deliveries.status, "skipped"),
          eq(deliveries.reason, "insufficient_credits"),
          gte(deliveries.createdAt, since7d),
        ),
      ),
    callsPerDay(db, accountId, timeZone, 14, agentId),
  ]);

  const balance = account?.balance ?? 0;
  const threshold = account?.threshold ?? null;
  const dailyRate = spent30d / 30;
  const attention: AttentionItem[] = [
    ...failed.map((f) => ({ kind: "failed_delivery" as const, ...f })),
    ...disabled.map((d) => ({
      kind: "disabled_endpoint" as const,
      id: d.id,
      destination: d.destination,
      reason: d.reason!,
      at: d.at,
    })),
    ...(threshold !== null && balance < threshold
      ? [{ kind: "low_balance" as const, balance, threshold }]
      : []),
    ...(skipped && skipped.n > 0
      ? [{ kind: "skipped_for_credits" as const, count: skipped.n, latestCallId: skipped.latestCallId }]
      : []),
  ];
  const sent = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  for (const row of byChannel) sent[row.channel] = row.n;

  return {
    callsToday: today?.n ?? 0,
    callsThisWeek: week?.n ?? 0,
    sentThisWeek: sent,
    creditsUsedThisWeek: creditsThisWeek,
    creditsUsed30d: spent30d,
    balance,
    lowBalanceThreshold: threshold,
    /** Whole days the balance lasts at the last 30 days' rate; null when nothing was spent. */
    daysRemaining: dailyRate > 0 ? Math.floor(balance / dailyRate) : null,
    attention,
    callsPerDay: daily,
  };
}

/** Calls per local day for the last `days` days (oldest first, zero-filled); one agent's when given. */
export async function callsPerDay(db: Db, accountId: string, timeZone: string, days: number, agentId?: string) {
  const day = sql<string>`to_char((${calls.endedAt} at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, n: count() })
    .from(calls)
    .where(
      and(
        eq(calls.accountId, accountId),
        gte(
          calls.endedAt,
          sql`(date_trunc('day', now() at time zone ${timeZone}) at time zone ${timeZone}) - make_interval(days => ${days - 1})`,
        ),
        agentId ? eq(calls.agentId, agentId) : undefined,
      ),
    )
    .groupBy(sql`1`);
  const byDay = new Map(rows.map((r) => [r.day, r.n]));
  return localDays(timeZone, days).map((d) => ({ day: d, calls: byDay.get(d) ?? 0 }));
}

/** The last `days` local dates (YYYY-MM-DD) in `timeZone`, oldest first, ending today. */
export function localDays(timeZone: string, days: number, now = new Date()): string[] {
  const fmt = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  const [y, m, d] = fmt.format(now).split("-").map(Number) as [number, number, number];
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    out.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  }
  return out;
}
