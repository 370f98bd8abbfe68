import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeCursor, decodeCursorOrFirstPage, encodeCursor } from "./cursor";

const KEYS = ["createdAt", "id"] as const;
const b64 = (s: string) => Buffer.from(s).toString("base64url");

describe("the cursor codec", () => {
  it("round-trips the sort keys, and reads no cursor as the first page", () => {
    const value = { createdAt: "2026-11-24T09:03:12.123Z", id: "dlv_1" };
    expect(decodeCursor(encodeCursor(value), KEYS, { dates: ["createdAt"] })).toEqual(value);
    expect(decodeCursor(encodeCursor({ key: "", id: "ct_1" }), ["key", "id"])).toEqual({ key: "", id: "ct_1" });
    expect(decodeCursor(undefined, KEYS)).toBeUndefined();
    expect(decodeCursor("", KEYS)).toBeUndefined();
  });

  it("keeps only the keys asked for", () => {
    expect(decodeCursor(encodeCursor({ createdAt: "2026-01-01T00:00:00Z", id: "x", extra: "y" }), KEYS)).toEqual({ createdAt: "2026-01-01T00:00:00Z", id: "x" });
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["JSON but not an object", b64("[1,2]")],
    ["null", b64("null")],
    ["a key missing", encodeCursor({ createdAt: "2026-01-01T00:00:00Z" })],
    ["a key of the wrong type", b64(JSON.stringify({ createdAt: "2026-01-01T00:00:00Z", id: 7 }))],
    ["a date that is not one", encodeCursor({ createdAt: "yesterday-ish", id: "x" })],
    ["another list's cursor", encodeCursor({ key: "smith", id: "ct_1" })],
  ])("refuses %s with a 400 naming the cursor", (_what, raw) => {
    let error: unknown;
    try {
      decodeCursor(raw, KEYS, { dates: ["createdAt"] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, fields: [{ field: "cursor" }] });
    expect(decodeCursorOrFirstPage(raw, KEYS, { dates: ["createdAt"] })).toBeUndefined();
  });
});
