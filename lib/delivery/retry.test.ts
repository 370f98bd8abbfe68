import { describe, expect, it } from "vitest";
import { MESSAGE_RETRY_SECONDS, nextRetry, parseRetryAfter, scheduleFor, WEBHOOK_RETRY_SECONDS } from "./retry";

const now = new Date("2026-11-24T09:00:00Z");

describe("nextRetry", () => {
  it("follows the webhook schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const d = nextRetry({ attemptNumber: n, schedule: WEBHOOK_RETRY_SECONDS, now, random: () => 0.5 });
      if (!d.retry) throw new Error("expected a retry");
      expect(d.at.getTime() - now.getTime()).toBe(d.delayMs);
      return d.delayMs / 1000;
    });
    expect(delays).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(nextRetry({ attemptNumber: 8, schedule: WEBHOOK_RETRY_SECONDS, now })).toEqual({ retry: false });
  });

  it("keeps every jittered delay within [base/2, 3·base/2)", () => {
    for (const [i, base] of WEBHOOK_RETRY_SECONDS.entries()) {
      const low = nextRetry({ attemptNumber: i + 1, schedule: WEBHOOK_RETRY_SECONDS, now, random: () => 0 });
      const high = nextRetry({ attemptNumber: i + 1, schedule: WEBHOOK_RETRY_SECONDS, now, random: () => 0.9999999 });
      if (!low.retry || !high.retry) throw new Error("expected retries");
      expect(low.delayMs).toBe(base * 500);
      expect(high.delayMs).toBeLessThan(base * 1500);
      expect(high.delayMs).toBeGreaterThan(base * 1499);
    }
    // Many random draws never leave the window, and they do spread over it.
    const seen = new Set<number>();
    for (let k = 0; k < 500; k++) {
      const d = nextRetry({ attemptNumber: 2, schedule: WEBHOOK_RETRY_SECONDS, now });
      if (!d.retry) throw new Error("expected a retry");
      expect(d.delayMs).toBeGreaterThanOrEqual(150_000);
      expect(d.delayMs).toBeLessThan(450_000);
      seen.add(Math.floor(d.delayMs / 30_000));
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it("uses retry-after instead of the schedule, capped at a day", () => {
    const d = nextRetry({ attemptNumber: 1, schedule: WEBHOOK_RETRY_SECONDS, now, retryAfterSeconds: 120, random: () => 0 });
    expect(d).toMatchObject({ retry: true, delayMs: 120_000 });
    const capped = nextRetry({ attemptNumber: 1, schedule: WEBHOOK_RETRY_SECONDS, now, retryAfterSeconds: 10 ** 9 });
    expect(capped).toMatchObject({ retry: true, delayMs: 86_400_000 });
    // Even retry-after does not extend the number of attempts.
    expect(nextRetry({ attemptNumber: 8, schedule: WEBHOOK_RETRY_SECONDS, now, retryAfterSeconds: 1 })).toEqual({ retry: false });
  });

  it("gives SMS and email a shorter schedule", () => {
    expect(MESSAGE_RETRY_SECONDS.length).toBe(5);
    expect(nextRetry({ attemptNumber: 6, schedule: MESSAGE_RETRY_SECONDS, now })).toEqual({ retry: false });
  });

  it("scales the schedule only when asked (DELIVERY_RETRY_SCALE, tests only), keeping the number of attempts", () => {
    expect(scheduleFor("webhook")).toBe(WEBHOOK_RETRY_SECONDS);
    expect(scheduleFor("sms", 1)).toBe(MESSAGE_RETRY_SECONDS);
    const fast = scheduleFor("webhook", 0.001);
    expect(fast).toHaveLength(WEBHOOK_RETRY_SECONDS.length);
    expect(fast[1]).toBeCloseTo(0.3);
    expect(scheduleFor("email", 0.01)[0]).toBeCloseTo(0.05);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("30", now)).toBe(30);
    expect(parseRetryAfter(new Date(now.getTime() + 90_000).toUTCString(), now)).toBe(90);
    expect(parseRetryAfter(new Date(now.getTime() - 90_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
