import { sql } from "drizzle-orm";
import type { Db } from "@/db";

/**
 * Health of each webhook endpoint (a webhook post-call action) of an account, from its delivery
 * attempts: success rate, p50/p95 response time over the last 24 hours and 7 days, the last error, and
 * failed attempts per day for the chart. One statement; each endpoint's 7 days are a range of
 * delivery_attempts_endpoint_health_idx read without touching the table (`npm run bench -- --only health`
 * times it at 1M attempts). Test events count: they reach the same endpoint.
 */

export type HealthWindow = {
  attempts: number;
  succeeded: number;
  /** 0–1; null when there was no attempt. */
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
};

export type EndpointHealth = {
  actionId: string;
  destination: string;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  last24h: HealthWindow;
  last7d: HealthWindow;
  lastError: { at: Date; statusCode: number | null; error: string | null } | null;
  /** The last 7 days in the account's time zone, oldest first (YYYY-MM-DD): failed attempts per day. */
  failuresByDay: { day: string; value: number }[];
};

export const HEALTH_DAYS = 7;

type Row = {
  id: string;
  destination: string;
  enabled: boolean;
  disabled_reason: string | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  attempts_24h: number | null;
  ok_24h: number | null;
  p50_24h: number | null;
  p95_24h: number | null;
  attempts_7d: number | null;
  ok_7d: number | null;
  p50_7d: number | null;
  p95_7d: number | null;
  last_error_at: Date | null;
  last_error_code: number | null;
  last_error: string | null;
  days: Record<string, number> | null;
};

/** The statement, exposed so the bench can EXPLAIN exactly what the page runs. */
export function endpointHealthSql(accountId: string, timeZone: string, now: Date) {
  const to = now.toISOString();
  const dayAgo = new Date(now.getTime() - 86400_000).toISOString();
  const weekAgo = new Date(now.getTime() - HEALTH_DAYS * 86400_000).toISOString();
  return sql`
    with endpoint as (
      select id, destination, enabled, disabled_reason, disabled_at, failing_since, position
        from post_call_actions
       where account_id = ${accountId} and channel = 'webhook'
    ),
    w as (
      select a.action_id, a.started_at, a.outcome, a.latency_ms
        from delivery_attempts a
       where a.account_id = ${accountId}
         and a.action_id in (select id from endpoint)
         and a.started_at > ${weekAgo}::timestamptz and a.started_at <= ${to}::timestamptz
    ),
    stats as (
      select action_id,
             count(*) filter (where started_at > ${dayAgo}::timestamptz)::int as attempts_24h,
             count(*) filter (where started_at > ${dayAgo}::timestamptz and outcome = 'success')::int as ok_24h,
             percentile_cont(0.5) within group (order by latency_ms) filter (where started_at > ${dayAgo}::timestamptz) as p50_24h,
             percentile_cont(0.95) within group (order by latency_ms) filter (where started_at > ${dayAgo}::timestamptz) as p95_24h,
             count(*)::int as attempts_7d,
             count(*) filter (where outcome = 'success')::int as ok_7d,
             percentile_cont(0.5) within group (order by latency_ms) as p50_7d,
             percentile_cont(0.95) within group (order by latency_ms) as p95_7d
        from w group by action_id
    ),
    per_day as (
      select action_id, to_char(started_at at time zone ${timeZone}, 'YYYY-MM-DD') as day,
             count(*) filter (where outcome <> 'success')::int as failed
        from w group by 1, 2
    ),
    days as (
      select action_id, json_object_agg(day, failed) as days from per_day group by action_id
    )
    select e.id, e.destination, e.enabled, e.disabled_reason, e.disabled_at, e.failing_since,
           s.attempts_24h, s.ok_24h, s.p50_24h, s.p95_24h, s.attempts_7d, s.ok_7d, s.p50_7d, s.p95_7d,
           le.started_at as last_error_at, le.status_code as last_error_code, le.error as last_error,
           d.days
      from endpoint e
      left join stats s on s.action_id = e.id
      left join days d on d.action_id = e.id
      left join lateral (
        select started_at, status_code, error
          from delivery_attempts
         where account_id = ${accountId} and action_id = e.id and outcome <> 'success'
           and started_at > ${weekAgo}::timestamptz and started_at <= ${to}::timestamptz
         order by started_at desc
         limit 1
      ) le on true
     order by e.position`;
}

function window(attempts: number | null, ok: number | null, p50: number | null, p95: number | null): HealthWindow {
  const n = attempts ?? 0;
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v)));
  return { attempts: n, succeeded: ok ?? 0, successRate: n > 0 ? (ok ?? 0) / n : null, p50Ms: round(p50), p95Ms: round(p95) };
}

/** The last `HEALTH_DAYS` calendar days in `timeZone`, ending today (YYYY-MM-DD). */
function lastDays(timeZone: string, now: Date): string[] {
  const fmt = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const out: string[] = [];
  for (let i = HEALTH_DAYS - 1; i >= 0; i--) out.push(fmt.format(new Date(now.getTime() - i * 86400_000)));
  return [...new Set(out)];
}

export async function endpointHealth(db: Db, accountId: string, timeZone: string, now = new Date()): Promise<EndpointHealth[]> {
  const rows = await db.execute<Row>(endpointHealthSql(accountId, timeZone, now));
  const days = lastDays(timeZone, now);
  return rows.map((r) => ({
    actionId: r.id,
    destination: r.destination,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
    failingSince: r.failing_since ? new Date(r.failing_since) : null,
    last24h: window(r.attempts_24h, r.ok_24h, r.p50_24h, r.p95_24h),
    last7d: window(r.attempts_7d, r.ok_7d, r.p50_7d, r.p95_7d),
    lastError: r.last_error_at ? { at: new Date(r.last_error_at), statusCode: r.last_error_code, error: r.last_error } : null,
    failuresByDay: days.map((day) => ({ day, value: r.days?.[day] ?? 0 })),
  }));
}
