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
