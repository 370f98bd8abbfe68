import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { PLATFORM_GUIDES } from "./guides";
import { adapterFor, isPlatformName, PLATFORM_ADAPTERS } from "./registry";
import { signedSampleEvent } from "./samples";
import { PLATFORMS } from "./types";

const NOW = Date.UTC(2026, 10, 24, 9, 5);

describe("platform registry", () => {
  it("has one adapter per platform, named and labelled as its guide", () => {
    expect(PLATFORM_ADAPTERS.map((a) => a.name)).toEqual([...PLATFORMS]);
    for (const name of PLATFORMS) {
      expect(adapterFor(name).name).toBe(name);
      expect(adapterFor(name).label).toBe(PLATFORM_GUIDES[name].label);
      expect(PLATFORM_GUIDES[name].steps.length).toBeGreaterThan(1);
    }
    expect(isPlatformName("vapi")).toBe(true);
    expect(isPlatformName("twilio")).toBe(false);
  });

  it("says in Synthflow's guide that its signature does not cover the body", () => {
    expect(PLATFORM_GUIDES.synthflow.steps.join(" ")).toMatch(/covers only the call id, not the body/);
  });

  it.each(PLATFORMS)("%s: every sample verifies with its secret only, and maps to a valid call with the ids given", (name) => {
    fc.assert(
      fc.property(
        // Header values lose surrounding spaces in transit, so a secret is printable ASCII without them.
        fc.stringMatching(/^[!-~]{1,64}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/),
        fc.integer({ min: 0, max: 400_000_000 }),
        (secret, externalId, offset) => {
          const now = NOW + offset;
          const sample = signedSampleEvent(name, { secret, externalId, now, agentNumber: "+61290001234", callerNumber: "+61412345678" });
          const adapter = adapterFor(name);
          expect(adapter.verify(new Headers(sample.headers), Buffer.from(sample.body), secret, now)).toEqual({ ok: true });
          expect(adapter.verify(new Headers(sample.headers), Buffer.from(sample.body), `${secret}!`, now).ok).toBe(false);
          const event = adapter.parse(JSON.parse(sample.body));
          if (event.kind !== "call") throw new Error("a sample must be a call");
          const call = event.call;
          expect(call.externalId).toBe(externalId);
          expect(call.callerNumber).toBe("+61412345678");
          expect(Date.parse(call.endedAt)).toBeGreaterThanOrEqual(Date.parse(call.startedAt));
          const starts = call.transcript.map((t) => t.start_ms).filter((s): s is number => s !== null);
          expect(starts).toEqual([...starts].sort((a, b) => a - b));
          expect(call.transcript.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each(PLATFORMS)("%s: any JSON is an event or a 400, never another error", (name) => {
    const adapter = adapterFor(name);
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          adapter.parse(json);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).status).toBe(400);
          expect((error as AppError).fields.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it.each(PLATFORMS)("%s: verify never throws on garbage headers or bodies", (name) => {
    const adapter = adapterFor(name);
    const headerNames = ["x-vapi-secret", "authorization", "x-signature", "x-timestamp", "x-retell-signature", "x-webhook-signature", "elevenlabs-signature", "synthflow-signature", "http_synthflow_signature"];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...headerNames), fc.string({ unit: "binary-ascii", maxLength: 120 }).map((s) => s.replace(/[\r\n\0]/g, ""))),
        fc.uint8Array({ maxLength: 200 }),
        (headers, body) => {
          const result = adapter.verify(new Headers(headers), Buffer.from(body), "secret", NOW);
          if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
