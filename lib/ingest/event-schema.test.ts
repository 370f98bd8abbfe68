import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "@/lib/errors";
import { callEndedEvent, sampleCall } from "@/lib/sample-calls";
import { callEndedDataSchema } from "./event-schema";

const fields = (data: unknown) => {
  const r = callEndedDataSchema.safeParse(data);
  return r.success ? [] : fieldErrorsFromZod(r.error.issues).map((f) => f.field);
};

describe("call.ended data schema", () => {
  it("accepts every sample call the seed and the simulator produce", () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(1_000_000), (index, seed) => {
        const data = callEndedEvent(sampleCall({ agentNumber: "+61290000000", index, seed })).data;
        expect(fields(data)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("names a negative or out-of-order transcript offset wherever it is", () => {
    const base = callEndedEvent(sampleCall({ agentNumber: "+61290000000", index: 3, seed: 1, endedAt: new Date() })).data;
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { minLength: 2, maxLength: 20 }), fc.nat(), (starts, pick) => {
        const transcript = starts.map((s) => ({ role: "agent" as const, text: "x", start_ms: s, end_ms: s + 10 }));
        const bad = pick % transcript.length;
        transcript[bad]!.start_ms = -1;
        const f = fields({ ...base, transcript, started_at: "2026-01-01T00:00:00Z", ended_at: "2026-01-01T01:00:00Z" });
        expect(f).toContain(`transcript[${bad}].start_ms`);
        const sorted = [...starts].sort((a, b) => a - b);
        const ordered = sorted.map((s) => ({ role: "caller" as const, text: "y", start_ms: s, end_ms: s }));
        expect(fields({ ...base, transcript: ordered })).toEqual([]);
      }),
    );
  });

  it("keeps any unicode in names and summaries", () => {
    const base = callEndedEvent(sampleCall({ agentNumber: "+61290000000", index: 1, seed: 2, endedAt: new Date() })).data;
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 100 }), (text) => {
        const r = callEndedDataSchema.safeParse({ ...base, contact_name: text, summary: text });
        expect(r.success).toBe(true);
        expect(r.success && r.data.summary).toBe(text);
      }),
    );
  });

  it("accepts offsets with a zone, rejects dates without one", () => {
    const base = callEndedEvent(sampleCall({ agentNumber: "+61290000000", index: 1, seed: 2, endedAt: new Date() })).data;
    expect(fields({ ...base, started_at: "2026-11-24T20:00:00+11:00", ended_at: "2026-11-24T09:03:12Z" })).toEqual([]);
    expect(fields({ ...base, started_at: "2026-11-24 09:00" })).toContain("started_at");
  });
});
