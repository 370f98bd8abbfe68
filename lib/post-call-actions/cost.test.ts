import { describe, expect, it } from "vitest";
import { costPreview, formatRunway, type CallVolume, type CostAction } from "./cost";

// 10 completed calls (4 short, 6 long), 3 no-answer, 2 busy: 15 calls in the last 30 days.
const volume: CallVolume = {
  completed: [
    [12, 4],
    [95, 6],
  ],
  "no-answer": [[0, 3]],
  busy: [[3, 2]],
};

const action = (key: string, channel: CostAction["channel"], extra: Partial<CostAction> = {}): CostAction => ({
  key,
  channel,
  enabled: true,
  conditions: { statuses: ["completed"], min_duration_seconds: 0 },
  ...extra,
});

describe("costPreview", () => {
  it("costs nothing with no actions", () => {
    expect(costPreview([], volume, 10_000)).toEqual({
      perCall: 0,
      breakdown: [],
      totalCalls: 15,
      matchedCalls: 0,
      monthlyCredits: 0,
      balanceDays: null,
      smsAndEmail: false,
    });
  });

  it("adds SMS 10 + email 20 + webhook 0 per call and projects the month from matching calls", () => {
    const p = costPreview([action("a", "sms"), action("b", "email"), action("c", "webhook")], volume, 10_000);
    expect(p.perCall).toBe(30);
    expect(p.matchedCalls).toBe(10);
    expect(p.monthlyCredits).toBe(300);
    expect(p.breakdown).toEqual([
      { key: "a", channel: "sms", price: 10, matchedCalls: 10, monthlyCredits: 100 },
      { key: "b", channel: "email", price: 20, matchedCalls: 10, monthlyCredits: 200 },
      { key: "c", channel: "webhook", price: 0, matchedCalls: 10, monthlyCredits: 0 },
    ]);
    // 10,000 credits at 300 per 30 days = 1,000 days.
    expect(p.balanceDays).toBe(1000);
    expect(p.smsAndEmail).toBe(true);
  });

  it("leaves disabled actions out of every figure", () => {
    const p = costPreview([action("a", "sms", { enabled: false }), action("b", "email")], volume, 1_000);
    expect(p).toMatchObject({ perCall: 20, matchedCalls: 10, monthlyCredits: 200, balanceDays: 150, smsAndEmail: false });
    expect(p.breakdown[0]).toMatchObject({ matchedCalls: 0, monthlyCredits: 0 });
  });

  it("honours statuses and the minimum duration per action", () => {
    const p = costPreview(
      [
        action("long", "email", { conditions: { statuses: ["completed"], min_duration_seconds: 60 } }),
        action("missed", "sms", { conditions: { statuses: ["no-answer", "busy"], min_duration_seconds: 0 } }),
        action("missed-3s", "sms", { conditions: { statuses: ["no-answer", "busy"], min_duration_seconds: 3 } }),
      ],
      volume,
      500,
    );
    expect(p.breakdown.map((b) => [b.key, b.matchedCalls, b.monthlyCredits])).toEqual([
      ["long", 6, 120],
      ["missed", 5, 50],
      ["missed-3s", 2, 20],
    ]);
    expect(p.matchedCalls).toBe(11);
    expect(p.monthlyCredits).toBe(190);
    // 500 × 30 / 190 = 78.9 → 78 whole days.
    expect(p.balanceDays).toBe(78);
    expect(p.perCall).toBe(40);
  });

  it("counts a free webhook as matching but costing nothing", () => {
    const p = costPreview([action("w", "webhook")], volume, 10);
    expect(p).toMatchObject({ perCall: 0, matchedCalls: 10, monthlyCredits: 0, balanceDays: null });
  });

  it("has no runway with an empty balance", () => {
    expect(costPreview([action("a", "sms")], volume, 0).balanceDays).toBe(0);
  });
});

describe("formatRunway", () => {
  it("reads as whole days or indefinitely", () => {
    expect(formatRunway(null)).toBe("Indefinitely");
    expect(formatRunway(0)).toBe("Less than a day");
    expect(formatRunway(1)).toBe("1 day");
    expect(formatRunway(1000)).toBe("1,000 days");
  });
});
