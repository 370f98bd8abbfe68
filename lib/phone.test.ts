import { describe, expect, it } from "vitest";
import { formatPhone, toE164 } from "./phone";
import { phoneTypeOf } from "./phone-type";

describe("phone numbers", () => {
  it("normalises common formats to E.164 with the default country", () => {
    expect(toE164("0412 345 678", "AU")).toBe("+61412345678");
    expect(toE164("(02) 9000 1234", "AU")).toBe("+61290001234");
    expect(toE164("+1 (415) 555-2671", "AU")).toBe("+14155552671");
    expect(toE164("12345", "AU")).toBeNull();
    expect(toE164("not a number", "AU")).toBeNull();
  });

  it("tells mobile, landline and unknown apart", () => {
    expect(phoneTypeOf("+61412345678")).toBe("mobile");
    expect(phoneTypeOf("+61290001234")).toBe("landline");
    expect(phoneTypeOf(null)).toBe("unknown");
    expect(phoneTypeOf("anonymous")).toBe("unknown");
    // Invalid numbers (too short, no such country code) and types outside our three.
    expect(phoneTypeOf("+61123")).toBe("unknown");
    expect(phoneTypeOf("+999123")).toBe("unknown");
    expect(phoneTypeOf("+18005551234")).toBe("unknown"); // toll-free
  });

  it("formats for display", () => {
    expect(formatPhone("+61412345678")).toBe("+61 412 345 678");
    expect(formatPhone("anonymous")).toBe("Anonymous");
  });

  it("formats each number as itself, remembered or not: repeats, past the memory's bound, and back again", () => {
    const numbers = Array.from({ length: 2_500 }, (_, i) => `+614${String(10_000_000 + i * 37).slice(0, 8)}`);
    const first = numbers.map(formatPhone);
    expect(first[0]).toBe("+61 410 000 000");
    expect(first[1]).toBe("+61 410 000 037");
    // Again in reverse, after the earliest were evicted: the same answers.
    expect([...numbers].reverse().map(formatPhone)).toEqual([...first].reverse());
    expect(formatPhone("+14155550123")).toBe("+1 415 555 0123");
    expect(formatPhone("+61412345678")).toBe("+61 412 345 678");
    expect(formatPhone("+999")).toBe("+999");
  });
});
