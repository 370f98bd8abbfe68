import { describe, expect, it } from "vitest";
import { labelledDays, niceTicks } from "./chart-scale";

describe("niceTicks", () => {
  it("covers the maximum in whole, round steps from 0", () => {
    expect(niceTicks(60)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(170)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(1)).toEqual([0, 1]);
    expect(niceTicks(12_345)).toEqual([0, 5000, 10000, 15000]);
  });

  it("never uses a fractional step (credits are whole)", () => {
    for (const max of [1, 2, 5, 7, 9, 10, 11, 25, 99, 101, 1000]) {
      const ticks = niceTicks(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it("gives an empty or negative series a readable axis", () => {
    expect(niceTicks(0)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(-20)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("labelledDays", () => {
  it("labels about six days, starting with the first", () => {
    expect(labelledDays(30)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(labelledDays(90)).toEqual([0, 15, 30, 45, 60, 75]);
    expect(labelledDays(4)).toEqual([0, 1, 2, 3]);
  });
});
