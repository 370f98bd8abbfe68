import { describe, expect, it } from "vitest";
import { checkRateLimit } from "./rate-limit";

describe("checkRateLimit", () => {
  it("allows `limit` hits per window and then refuses with a retry-after", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await checkRateLimit("t:a", { limit: 3, windowSeconds: 60 }));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(results[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Keys are independent.
    expect((await checkRateLimit("t:b", { limit: 3, windowSeconds: 60 })).ok).toBe(true);
  });

  it("counts concurrent hits exactly", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => checkRateLimit("t:c", { limit: 5, windowSeconds: 60 })));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
  });
});
