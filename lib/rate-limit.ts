import { sql } from "drizzle-orm";
import { db } from "@/db";

export type RateLimitResult = { ok: boolean; remaining: number; retryAfterSeconds: number };

/**
 * A fixed-window counter in PostgreSQL, one upsert per check, so every web process shares it and no
 * other service is needed. Good enough for abuse limits; not a precise token bucket.
 */
export async function checkRateLimit(
  key: string,
  opts: { limit: number; windowSeconds: number },
): Promise<RateLimitResult> {
  const rows = await db.execute<{ count: number; window_start: Date }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start < now() - make_interval(secs => ${opts.windowSeconds}) then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start < now() - make_interval(secs => ${opts.windowSeconds}) then now() else rate_limits.window_start end
    returning count, window_start`);
  const row = rows[0]!;
  const windowStart = new Date(row.window_start).getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + opts.windowSeconds * 1000 - Date.now()) / 1000));
  return { ok: row.count <= opts.limit, remaining: Math.max(0, opts.limit - row.count), retryAfterSeconds };
}

const localWindows = new Map<string, { windowStart: number; count: number }>();

/**
 * The same fixed window, counted in this process only. For the call-events hot path: a shared
 * counter row would serialise every ingest request of an account on one row lock. With N web
 * processes an account may send up to N × limit; it is a guard against runaway senders, not billing.
 */
export function checkLocalRateLimit(key: string, opts: { limit: number; windowSeconds: number }, now = Date.now()): RateLimitResult {
  const windowMs = opts.windowSeconds * 1000;
  let entry = localWindows.get(key);
  if (!entry || now - entry.windowStart >= windowMs) {
    entry = { windowStart: now, count: 0 };
    localWindows.set(key, entry);
    if (localWindows.size > 10_000) {
      for (const [k, v] of localWindows) if (now - v.windowStart >= windowMs) localWindows.delete(k);
    }
  }
  entry.count++;
  return {
    ok: entry.count <= opts.limit,
    remaining: Math.max(0, opts.limit - entry.count),
    retryAfterSeconds: Math.max(1, Math.ceil((entry.windowStart + windowMs - now) / 1000)),
  };
}
