import type { CallStatus } from "@/db/schema";
import { priceOf, type Channel } from "@/lib/pricing";

/**
 * The credit-cost preview, pure so the browser recomputes it on every keystroke and the save toast
 * shows the very same figure. Prices come from lib/pricing.ts only.
 */

/** The last 30 days' calls, compact: per status, [duration in seconds, number of calls] pairs. */
export type CallVolume = Partial<Record<CallStatus, [duration: number, calls: number][]>>;

export const PROJECTION_DAYS = 30;

export type CostAction = {
  key: string;
  channel: Channel;
  enabled: boolean;
  conditions: { statuses: CallStatus[]; min_duration_seconds: number };
};

export type ActionCost = { key: string; channel: Channel; price: number; matchedCalls: number; monthlyCredits: number };

export type CostPreview = {
  /** Credits one call costs when every enabled action applies to it. */
  perCall: number;
  breakdown: ActionCost[];
  /** Calls in the last 30 days. */
  totalCalls: number;
  /** Of those, the calls at least one enabled action would have run for. */
  matchedCalls: number;
  /** Credits the last 30 days' calls would have cost with these actions. */
  monthlyCredits: number;
  /** Whole days the balance lasts at that rate; null when nothing is spent. */
  balanceDays: number | null;
  /** SMS and email both enabled: the seed's warning about higher credit usage. */
  smsAndEmail: boolean;
};

function matches(action: CostAction, status: CallStatus, duration: number) {
  return action.enabled && action.conditions.statuses.includes(status) && duration >= action.conditions.min_duration_seconds;
}

export function totalCalls(volume: CallVolume): number {
  let n = 0;
  for (const rows of Object.values(volume)) for (const [, calls] of rows ?? []) n += calls;
  return n;
}

export function costPreview(actions: CostAction[], volume: CallVolume, balance: number): CostPreview {
  const enabled = actions.filter((a) => a.enabled);
  const breakdown: ActionCost[] = actions.map((a) => ({ key: a.key, channel: a.channel, price: priceOf(a.channel), matchedCalls: 0, monthlyCredits: 0 }));
  let matchedCalls = 0;
  for (const [status, rows] of Object.entries(volume) as [CallStatus, [number, number][]][]) {
    for (const [duration, calls] of rows) {
      let any = false;
      actions.forEach((a, i) => {
        if (!matches(a, status, duration)) return;
        any = true;
        breakdown[i]!.matchedCalls += calls;
      });
      if (any) matchedCalls += calls;
    }
  }
  for (const b of breakdown) b.monthlyCredits = b.matchedCalls * b.price;
  const monthlyCredits = breakdown.reduce((sum, b) => sum + b.monthlyCredits, 0);
  const balanceDays = monthlyCredits > 0 ? Math.floor((Math.max(0, balance) * PROJECTION_DAYS) / monthlyCredits) : null;
  return {
    perCall: enabled.reduce((sum, a) => sum + priceOf(a.channel), 0),
    breakdown,
    totalCalls: totalCalls(volume),
    matchedCalls,
    monthlyCredits,
    balanceDays,
    smsAndEmail: enabled.some((a) => a.channel === "sms") && enabled.some((a) => a.channel === "email"),
  };
}

/** "38 days" for the balance runway: exact, so it matches what the owner can check by hand. */
export function formatRunway(days: number | null): string {
  if (days === null) return "Indefinitely";
  if (days < 1) return "Less than a day";
  return `${days.toLocaleString("en")} day${days === 1 ? "" : "s"}`;
}
