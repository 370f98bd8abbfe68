import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deliveryAttempts, postCallActions } from "@/db/schema";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { endpointHealth } from "./endpoint-health";

/** Endpoint health on attempts whose figures are known: rates, percentiles, windows, last error, chart. */
afterAll(async () => {
  await stopBoss();
});

const now = new Date("2026-11-24T12:00:00Z"); // 23:00 in Sydney
const ago = (hours: number) => new Date(now.getTime() - hours * 3600_000);
type Spec = { at: Date; ok: boolean; ms: number | null; code?: number | null; error?: string };

async function attempts(accountId: string, actionId: string, deliveryId: string, specs: Spec[]) {
  await db.insert(deliveryAttempts).values(
    specs.map((s, i) => ({
      deliveryId,
      accountId,
      actionId,
      attemptNumber: i + 1,
      startedAt: s.at,
      latencyMs: s.ms,
      outcome: s.ok ? ("success" as const) : ("retryable_error" as const),
      statusCode: s.code === undefined ? (s.ok ? 200 : 500) : s.code,
      error: s.ok ? null : (s.error ?? "HTTP 500"),
    })),
  );
}

describe("endpoint health", () => {
  it("success rate, p50/p95 and last error over 24 h and 7 days, failures per day, per endpoint and account", async () => {
    const account = await createAccount({ timeZone: "Australia/Sydney" });
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "webhook", destination: "https://a.example.com/h" },
      { channel: "webhook", destination: "https://b.example.com/h" },
    ]);
    const [, a] = actions;
    const { deliveryIds } = await createCall(account, actions);
    await attempts(account.accountId, a!.id, deliveryIds[1]!, [
      { at: ago(1), ok: true, ms: 100 },
      { at: ago(2), ok: true, ms: 200 },
      { at: ago(3), ok: false, ms: 300, code: 503, error: "HTTP 503" },
      { at: ago(4), ok: true, ms: 400 },
      { at: ago(72), ok: false, ms: 1000 },
      { at: ago(73), ok: false, ms: null, code: null, error: "timed out after 10 s" }, // no answer: no response time
      { at: ago(74), ok: false, ms: 2000 },
      { at: ago(24 * 8), ok: false, ms: 9000 }, // older than 7 days
      { at: new Date(now.getTime() + 60_000), ok: false, ms: 9000 }, // after `now`
    ]);
    // Another account's endpoint with the same URL shares nothing.
    const stranger = await createAccount();
    const strangerActions = await createActions(stranger.accountId, [{ channel: "webhook", destination: "https://a.example.com/h" }]);
    const strangers = await createCall(stranger, strangerActions);
    await attempts(stranger.accountId, strangerActions[0]!.id, strangers.deliveryIds[0]!, [{ at: ago(1), ok: false, ms: 5 }]);

    const health = await endpointHealth(db, account.accountId, "Australia/Sydney", now);
    expect(health.map((h) => h.destination)).toEqual(["https://a.example.com/h", "https://b.example.com/h"]);
    const [ha, hb] = health;
    expect(ha!.last24h).toEqual({ attempts: 4, succeeded: 3, successRate: 0.75, p50Ms: 250, p95Ms: 385 });
    // 7 days: 100, 200, 300, 400, 1000, 2000 answered (the timeout has no response time).
    expect(ha!.last7d).toEqual({ attempts: 7, succeeded: 3, successRate: 3 / 7, p50Ms: 350, p95Ms: 1750 });
    expect(ha!.lastError).toEqual({ at: ago(3), statusCode: 503, error: "HTTP 503" });
    expect(ha!.failuresByDay.map((d) => d.day)).toEqual(["2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"]);
    // Sydney days: 3 h ago is the 24th (20:00); 72–74 h ago are the 21st (21:00–23:00).
    expect(ha!.failuresByDay.map((d) => d.value)).toEqual([0, 0, 0, 3, 0, 0, 1]);

    expect(hb).toMatchObject({ last24h: { attempts: 0, successRate: null, p50Ms: null }, last7d: { attempts: 0 }, lastError: null });
    expect(hb!.failuresByDay.every((d) => d.value === 0)).toBe(true);
    expect((await endpointHealth(db, stranger.accountId, "UTC", now))[0]!.last24h).toMatchObject({ attempts: 1, succeeded: 0, successRate: 0 });
  });

  it("shows a disabled endpoint with why and since when", async () => {
    const account = await createAccount();
    const [hook] = await createActions(account.accountId, [{ channel: "webhook", destination: "https://gone.example.com/h" }]);
    await db.update(postCallActions).set({ disabledReason: "gone", disabledAt: ago(5) }).where(eq(postCallActions.id, hook!.id));
    expect((await endpointHealth(db, account.accountId, "UTC", now))[0]).toMatchObject({ disabledReason: "gone", disabledAt: ago(5) });
  });
});
