import { describe, expect, it } from "vitest";
import {
  base64DigestMatches,
  callTimes,
  durationMs,
  e164OrNull,
  finishTurns,
  hexDigestMatches,
  hmacSha256,
  httpsOrNull,
  msFromEpoch,
  msFromIso,
  nameFromVariables,
  secretMatches,
  splitLabelledTranscript,
} from "./shared";

describe("digest comparison", () => {
  const digest = hmacSha256("k", "body");
  it("accepts the digest in hex (either case) or base64, and nothing else", () => {
    expect(hexDigestMatches(digest.toString("hex"), digest)).toBe(true);
    expect(hexDigestMatches(digest.toString("hex").toUpperCase(), digest)).toBe(true);
    expect(base64DigestMatches(digest.toString("base64"), digest)).toBe(true);
    for (const bad of ["", "0", digest.toString("hex").slice(1), `${digest.toString("hex")}00`, digest.toString("base64")]) {
      expect(hexDigestMatches(bad, digest)).toBe(false);
    }
    for (const bad of ["", "!!!!", digest.toString("hex"), digest.toString("base64").slice(0, -4)]) {
      expect(base64DigestMatches(bad, digest)).toBe(false);
    }
  });

  it("compares secrets of any length, never matching an empty expected secret", () => {
    expect(secretMatches("s3cret", "s3cret")).toBe(true);
    expect(secretMatches("s3cre", "s3cret")).toBe(false);
    expect(secretMatches("s3cret-and-more", "s3cret")).toBe(false);
    expect(secretMatches("", "")).toBe(false);
  });
});

describe("units", () => {
  it("reads ISO times with any offset and fraction, and refuses implausible ones", () => {
    expect(msFromIso("2024-03-28T18:17:46.205134+01:00")).toBe(Date.UTC(2024, 2, 28, 17, 17, 46, 205));
    expect(msFromIso("not a date")).toBeNull();
    expect(msFromIso("1970-01-01T00:00:00Z")).toBeNull();
    expect(msFromIso(null)).toBeNull();
  });

  it("reads epoch seconds and milliseconds, refusing a unit mix-up", () => {
    expect(msFromEpoch(1_739_537_297, "s")).toBe(1_739_537_297_000);
    expect(msFromEpoch(1_714_608_475_945, "ms")).toBe(1_714_608_475_945);
    expect(msFromEpoch(1_714_608_475_945, "s")).toBeNull();
    expect(msFromEpoch(1_739_537_297, "ms")).toBeNull();
    expect(msFromEpoch(Number.NaN, "ms")).toBeNull();
  });

  it("converts durations from s, ms, minutes and numeric strings; refuses negative or day-long ones", () => {
    expect(durationMs(77, "s")).toBe(77_000);
    expect(durationMs("77", "s")).toBe(77_000);
    expect(durationMs(1.2833, "min")).toBe(76_998);
    expect(durationMs(15_791, "ms")).toBe(15_791);
    expect(durationMs(-1, "s")).toBeNull();
    expect(durationMs("soon", "s")).toBeNull();
    expect(durationMs(2, "min")).toBe(120_000);
    expect(durationMs(90_000, "s")).toBeNull();
  });

  it("derives the missing end or start, and never ends before it starts", () => {
    const t = Date.UTC(2026, 0, 1);
    expect(callTimes({ startMs: t, endMs: null, durationMs: 5000 })).toEqual({ startedAt: "2026-01-01T00:00:00.000Z", endedAt: "2026-01-01T00:00:05.000Z", timesKnown: true });
    expect(callTimes({ startMs: null, endMs: t, durationMs: 5000 })).toEqual({ startedAt: "2025-12-31T23:59:55.000Z", endedAt: "2026-01-01T00:00:00.000Z", timesKnown: true });
    expect(callTimes({ startMs: t, endMs: t - 1000 })).toEqual({ startedAt: "2026-01-01T00:00:00.000Z", endedAt: "2026-01-01T00:00:00.000Z", timesKnown: true });
    const none = callTimes({ startMs: null, endMs: null });
    expect(Math.abs(Date.parse(none.startedAt) - Date.now())).toBeLessThan(5000);
    expect(none.endedAt).toBe(none.startedAt);
    expect(none.timesKnown).toBe(false);
  });
});

describe("content", () => {
  it.each([
    ["+61412345678", "+61412345678"],
    ["+1 (415) 555-0123", "+14155550123"],
    ["14155550123", "+14155550123"],
    ["0412345678", null],
    ["anonymous", null],
    ["sip:alice@example.com", null],
    ["", null],
    [null, null],
    ["+0123456789", null],
  ])("normalises the number %s to %s", (input, expected) => {
    expect(e164OrNull(input)).toBe(expected);
  });

  it("keeps https URLs only", () => {
    expect(httpsOrNull("https://example.com/a.wav")).toBe("https://example.com/a.wav");
    for (const bad of ["http://example.com/a.wav", "data:audio/wav;base64,AAAA", "javascript:alert(1)", "not a url", "", `https://e.com/${"a".repeat(2100)}`]) {
      expect(httpsOrNull(bad)).toBeNull();
    }
  });

  it("finishes turns: whole ms, in order, end not before start, blanks dropped, text clipped", () => {
    const turns = finishTurns([
      { role: "agent", text: " Hi ", start_ms: 1200.4, end_ms: 900 },
      { role: "caller", text: "   ", start_ms: 2000, end_ms: 2500 },
      { role: "caller", text: "Hello", start_ms: 1000, end_ms: null },
      { role: "agent", text: "x".repeat(30_000), start_ms: -5, end_ms: Number.POSITIVE_INFINITY },
    ]);
    expect(turns.map(({ text, ...rest }) => ({ ...rest, length: text.length }))).toEqual([
      { role: "agent", start_ms: 1200, end_ms: 1200, length: 2 },
      { role: "caller", start_ms: 1200, end_ms: null, length: 5 },
      { role: "agent", start_ms: 1200, end_ms: null, length: 20_000 },
    ]);
    expect(finishTurns(Array.from({ length: 6000 }, () => ({ role: "agent" as const, text: "a", start_ms: null, end_ms: null })))).toHaveLength(5000);
  });

  it("splits a labelled transcript string, case-insensitively, joining unlabelled lines", () => {
    expect(splitLabelledTranscript("\nAI: Hi\nuser: Hello\nthere\nSystem: ignored line\n", { agent: ["AI"], caller: ["User"] })).toEqual([
      { role: "agent", text: "Hi", start_ms: null, end_ms: null },
      { role: "caller", text: "Hello\nthere\nSystem: ignored line", start_ms: null, end_ms: null },
    ]);
    expect(splitLabelledTranscript("", { agent: ["AI"], caller: ["User"] })).toEqual([]);
  });

  it("finds an obvious name in variables and nothing else", () => {
    expect(nameFromVariables({ customer_name: "  Jane  " })).toBe("Jane");
    expect(nameFromVariables({ first: "Jane" }, { name: "Jane Citizen" })).toBe("Jane Citizen");
    expect(nameFromVariables({ customer_name: 5 }, null, undefined)).toBeNull();
    expect(nameFromVariables({ customer_name: "x".repeat(300) })).toHaveLength(200);
  });
});
