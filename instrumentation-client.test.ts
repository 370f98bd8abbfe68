import { describe, expect, it } from "vitest";
import { z } from "zod";

describe("instrumentation-client", () => {
  it("turns zod's eval probe off even when zod loaded first, and parsing still works", async () => {
    await import("./instrumentation-client");
    expect(z.config().jitless).toBe(true);
    const schema = z.object({ email: z.email(), n: z.number().int() });
    expect(schema.parse({ email: "a@example.com", n: 3 })).toEqual({ email: "a@example.com", n: 3 });
    expect(schema.safeParse({ email: "nope", n: 1.5 }).success).toBe(false);
  });
});
