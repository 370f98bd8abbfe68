import { describe, expect, it } from "vitest";
import { readJson } from "@/lib/api/handler";
import { readBodyLimited } from "./read-body";

const MiB = 1024 * 1024;

/** A body that counts what was pulled from it: `total` bytes in 64 KiB chunks (endless if null). */
function countingBody(total: number | null) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (total !== null && state.pulled >= total) return controller.close();
      state.pulled += 64 * 1024;
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
    },
  });
  return { stream, state };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readBodyLimited", () => {
  it("refuses a declared length over the limit before reading any of it", async () => {
    const { stream, state } = countingBody(null);
    const error = await readBodyLimited(post(stream, { "content-length": String(50 * MiB) }), MiB).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, code: "too_large", message: "The body is larger than 1048576 bytes (1 MiB)." });
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024); // a stream may prefetch one chunk
  });

  it("stops an undeclared (chunked) endless body as soon as it passes the limit", async () => {
    const { stream, state } = countingBody(null);
    await expect(readBodyLimited(post(stream), MiB)).rejects.toMatchObject({ status: 413 });
    expect(state.pulled).toBeLessThanOrEqual(MiB + 2 * 64 * 1024);
  });

  it("words the 413 as the caller asks, with the declared length when that was the reason", async () => {
    const message = (declared: number | null) => (declared === null ? "too big as it came" : `declared ${declared}`);
    await expect(readBodyLimited(post("x".repeat(20), { "content-length": "20" }), 10, { tooLargeMessage: message })).rejects.toMatchObject({ message: "declared 20" });
    await expect(readBodyLimited(post(countingBody(null).stream), 10, { tooLargeMessage: message })).rejects.toMatchObject({ message: "too big as it came" });
  });

  it("reads a body at the limit whole, byte for byte", async () => {
    const bytes = Buffer.from("é".repeat(10)); // 20 bytes
    expect((await readBodyLimited(post(bytes), 20)).equals(bytes)).toBe(true);
    await expect(readBodyLimited(post(bytes), 19)).rejects.toMatchObject({ status: 413 });
  });
});

describe("readJson", () => {
  const json = (body: BodyInit, headers: Record<string, string> = {}) => post(body, { "content-type": "application/json", ...headers });

  it("parses a JSON body", async () => {
    expect(await readJson(json('{"a":[1,"é"]}'))).toEqual({ a: [1, "é"] });
  });

  it("refuses an endless body as it reads, not after buffering it all", async () => {
    const { stream, state } = countingBody(null);
    await expect(readJson(json(stream), 4 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(state.pulled).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it("refuses a declared length over the limit before reading", async () => {
    const { stream, state } = countingBody(10 * MiB);
    await expect(readJson(json(stream, { "content-length": String(10 * MiB) }), 4 * 1024)).rejects.toMatchObject({ status: 413 });
    expect(state.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it("415 without a JSON content type, 400 for malformed JSON", async () => {
    await expect(readJson(post("{}", { "content-type": "text/plain" }))).rejects.toMatchObject({ status: 415 });
    await expect(readJson(json("{nope"))).rejects.toMatchObject({ status: 400, fields: [{ field: "(body)" }] });
  });
});
