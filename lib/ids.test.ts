import { describe, expect, it } from "vitest";
import { newId, newIds } from "./ids";

describe("newId / newIds", () => {
  it("prefixed, 20 characters of the alphabet without l, and never the same twice across pool refills", () => {
    // 5,000 ids take 100,000 bytes: the 4 KiB pool is refilled two dozen times, plus one draw larger than the pool.
    const ids = [...Array.from({ length: 2000 }, () => newId("call")), ...newIds("dlv", 3000)];
    for (const id of ids) expect(id).toMatch(/^(call|dlv)_[0-9a-km-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses every character of the alphabet (the bytes are random, not a repeated slice)", () => {
    const chars = new Set(newIds("x", 500).join("").replace(/x_/g, ""));
    expect(chars.size).toBe(35);
  });
});
