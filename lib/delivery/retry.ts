/**
 * When to try a failed delivery again. Pure: the clock and the random source are parameters, so the
 * schedule, the jitter bounds and `retry-after` are unit-tested exactly.
 *
 * Webhooks follow docs/architecture.md §3: retries around 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the
 * failed attempt (8 attempts in all, ~28 h). Each delay is jittered over the whole window
 * [base/2, 3·base/2) — "full" jitter centred on the base, so the documented schedule holds on
 * average while retries from many calls that failed together spread out instead of stampeding.
 * SMS and email retry on a shorter schedule: a message hours late is worth less than a clear failure.
 */
export const WEBHOOK_RETRY_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;
export const MESSAGE_RETRY_SECONDS = [5, 60, 5 * 60, 30 * 60, 2 * 3600] as const;

/** `retry-after` is honoured up to this; beyond it the endpoint is asking for more than we keep a job for. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;

export type RetryDecision = { retry: true; at: Date; delayMs: number } | { retry: false };

/**
 * `scale` (DELIVERY_RETRY_SCALE, tests only, refused in production) shrinks every delay by the same
 * factor, so the chaos suite drives a real worker through a whole outage in seconds.
 */
export function scheduleFor(channel: "sms" | "email" | "webhook", scale = 1): readonly number[] {
  const schedule = channel === "webhook" ? WEBHOOK_RETRY_SECONDS : MESSAGE_RETRY_SECONDS;
  return scale === 1 ? schedule : schedule.map((s) => s * scale);
}

/**
 * The next attempt after attempt number `attemptNumber` (1-based) failed retryably, or none when the
 * schedule is used up. `retryAfterSeconds` (from a 429/503) replaces the jittered delay.
 */
export function nextRetry(opts: {
  attemptNumber: number;
  schedule: readonly number[];
  now: Date;
  random?: () => number;
  retryAfterSeconds?: number | null;
}): RetryDecision {
  const { attemptNumber, schedule, now } = opts;
  const base = schedule[attemptNumber - 1];
  if (base === undefined) return { retry: false };
  let delayMs: number;
  if (opts.retryAfterSeconds != null && opts.retryAfterSeconds >= 0) {
    delayMs = Math.min(opts.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS) * 1000;
  } else {
    const r = Math.min(Math.max((opts.random ?? Math.random)(), 0), 0.999999);
    delayMs = Math.floor(base * 1000 * (0.5 + r));
  }
  return { retry: true, at: new Date(now.getTime() + delayMs), delayMs };
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** Status codes whose `retry-after` we honour (docs/architecture.md §3). */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}
