import { describe, expect, it } from "vitest";
import { fromLocalInput, toLocalInput } from "./zoned-time";

describe("datetime-local values in an account's time zone", () => {
  it("round-trips, across a daylight-saving change", () => {
    expect(toLocalInput(new Date("2026-11-24T12:00:00Z"), "Australia/Sydney")).toBe("2026-11-24T23:00");
    expect(fromLocalInput("2026-11-24T23:00", "Australia/Sydney")?.toISOString()).toBe("2026-11-24T12:00:00.000Z");
    // Sydney is UTC+10 in winter, +11 from the first Sunday of October.
    expect(fromLocalInput("2026-07-01T09:30", "Australia/Sydney")?.toISOString()).toBe("2026-06-30T23:30:00.000Z");
    expect(fromLocalInput("2026-10-04T12:00", "Australia/Sydney")?.toISOString()).toBe("2026-10-04T01:00:00.000Z");
    expect(fromLocalInput("2026-03-10T08:00", "America/New_York")?.toISOString()).toBe("2026-03-10T12:00:00.000Z");
    expect(fromLocalInput("2026-11-24T09:00", "UTC")?.toISOString()).toBe("2026-11-24T09:00:00.000Z");
  });

  it("refuses what is not a wall-clock time", () => {
    for (const v of ["", "yesterday", "2026-02-30T10:00", "2026-11-24T24:10", "2026-11-24 10:00"]) expect(fromLocalInput(v, "UTC")).toBeNull();
  });
});
