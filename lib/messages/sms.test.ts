import { describe, expect, it } from "vitest";
import { sampleCallView } from "./call-view";
import { composeSms, smsStats } from "./sms";

describe("smsStats", () => {
  it("counts GSM-7 septets, with extension characters as two", () => {
    expect(smsStats("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsStats("a".repeat(161))).toMatchObject({ encoding: "GSM-7", segments: 2 });
    expect(smsStats("a".repeat(306))).toMatchObject({ segments: 2 });
    expect(smsStats("a".repeat(307))).toMatchObject({ segments: 3 });
    expect(smsStats("€".repeat(80))).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsStats("€".repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it("switches to UCS-2 for any other character and counts UTF-16 units", () => {
    expect(smsStats("é".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsStats("ł".repeat(70))).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(smsStats("ł".repeat(71))).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(smsStats("🏡".repeat(35))).toMatchObject({ encoding: "UCS-2", characters: 35, units: 70, segments: 1 });
    expect(smsStats("🏡".repeat(36))).toMatchObject({ units: 72, segments: 2 });
  });
});

describe("composeSms", () => {
  const view = sampleCallView("https://app.aftercall.dev");

  it("starts a test with Test: and, about no stored call, links nowhere", () => {
    const test = { ...sampleCallView("https://app.aftercall.dev", "UTC", { links: false }), test: true };
    expect(composeSms(test).text).toMatch(/^Test: Call from Jane Citizen/);
    const long = composeSms({ ...test, summary: "word ".repeat(200) });
    expect(long).toMatchObject({ truncated: true, segments: 2 });
    expect(long.text).not.toContain("Details:");
    expect(long.text).not.toContain("call_sample");
  });

  it("names a canceled call as the calls list does", () => {
    expect(composeSms({ ...view, status: "canceled" }).text).toMatch(/^Missed call \(canceled\) from /);
  });

  it("carries the caller ID, the contact name and the summary", () => {
    const sms = composeSms(view);
    expect(sms.text).toBe(
      "Call from Jane Citizen (+61 412 345 678)\nWants an appraisal of 12 Smith St, Paddington before listing in spring. Prefers a weekday morning visit; asked for a call back today.",
    );
    expect(sms).toMatchObject({ truncated: false, encoding: "GSM-7", segments: 2 });
  });

  it("cuts a long summary at a word to fit two segments and links to the call page", () => {
    const sms = composeSms({ ...view, summary: "word ".repeat(200) });
    expect(sms.truncated).toBe(true);
    expect(sms.segments).toBe(2);
    expect(sms.text.endsWith("...\nDetails: https://app.aftercall.dev/calls/call_sample")).toBe(true);
    expect(sms.text).not.toMatch(/wor\.\.\./);
  });

  it("fits two UCS-2 segments when the summary has emoji", () => {
    const sms = composeSms({ ...view, summary: "Inspection moved 🏡 ".repeat(30) });
    expect(sms.encoding).toBe("UCS-2");
    expect(sms.segments).toBeLessThanOrEqual(2);
    expect(sms.units).toBeLessThanOrEqual(134);
    expect(sms.text).toContain("…\nDetails: ");
  });

  it("names anonymous and unnamed callers plainly", () => {
    expect(composeSms({ ...view, callerNumber: null, contact: { ...view.contact, name: null } }).text).toMatch(
      /^Call from a private number\n/,
    );
    expect(composeSms({ ...view, status: "no-answer", contact: { ...view.contact, name: null }, summary: null }).text).toBe(
      "Missed call from +61 412 345 678\nNo summary for this call.",
    );
  });
});
