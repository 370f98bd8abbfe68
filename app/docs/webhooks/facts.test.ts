import { describe, expect, it } from "vitest";
import { ROTATION_GRACE_MS } from "@/db/queries/webhook-secrets";
import { ACTIONS_WAIT_MS, ENDPOINT_FAILING_DISABLE_MS } from "@/lib/jobs/handlers/deliver";
import { ACTIONS_WAIT_SECONDS, FAILING_DISABLE_DAYS, humanDuration, RETRY_SECONDS, ROTATION_GRACE_HOURS, TOTAL_HOURS } from "./facts";

describe("the guide's facts", () => {
  it("match the constants the worker and the secret store enforce", () => {
    expect(FAILING_DISABLE_DAYS * 86400_000).toBe(ENDPOINT_FAILING_DISABLE_MS);
    expect(ROTATION_GRACE_HOURS * 3600_000).toBe(ROTATION_GRACE_MS);
    expect(ACTIONS_WAIT_SECONDS * 1000).toBe(ACTIONS_WAIT_MS);
  });

  it("state the retry schedule in words, as docs/architecture.md §3 lists it", () => {
    expect(RETRY_SECONDS.map(humanDuration)).toEqual(["5 seconds", "5 minutes", "30 minutes", "2 hours", "5 hours", "10 hours", "10 hours"]);
    expect(humanDuration(60)).toBe("1 minute");
    expect(TOTAL_HOURS).toBe(28);
  });
});
