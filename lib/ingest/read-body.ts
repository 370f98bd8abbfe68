import { AppError } from "@/lib/errors";

export const MAX_EVENT_BYTES = 1024 * 1024;

/**
 * What the inbound handlers read of a request: a Fetch `Request` (Next.js's routes), or the lean
 * path's view of a Node.js one (lib/server/node-web.ts), which skips building a `Request`, its
 * `Headers` and a web stream for the body — a measurable share of the lean path's CPU per event.
 */
export type InboundRequest = {
  readonly url: string;
  readonly headers: Pick<Headers, "get">;
  readonly body: ReadableStream<Uint8Array> | null;
  /** The lean path's: reads the body straight from the socket, refusing with `tooLarge()` past `maxBytes`. */
  readonly readBody?: (maxBytes: number, tooLarge: () => Error) => Promise<Buffer>;
};

/** 415 unless the body is declared as JSON (`application/json` or `application/<x>+json`). */
export function requireJsonContentType(request: InboundRequest) {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
    throw new AppError(415, "unsupported_media_type", "Send the event as content-type: application/json.");
  }
}

function tooLargeDefault(maxBytes: number) {
  const size = maxBytes % 1024 === 0 ? ` (${maxBytes % (1024 * 1024) === 0 ? `${maxBytes / 1024 / 1024} MiB` : `${maxBytes / 1024} KiB`})` : "";
  return new AppError(413, "too_large", `The body is larger than ${maxBytes} bytes${size}.`);
}

/**
 * The one size-limited body reader (ingest, `readJson`, the contacts import). Reads the raw body as
 * bytes (signatures are over the exact bytes), refusing with 413 as soon as it passes `maxBytes`:
 * first by the declared content-length, before reading any of it, then by what actually arrives, so
 * a lying or chunked request cannot make us buffer more than the limit. `tooLargeMessage` words the
 * 413 for the caller (it gets the declared length when that was the reason).
 */
export async function readBodyLimited(
  request: InboundRequest,
  maxBytes = MAX_EVENT_BYTES,
  opts: { tooLargeMessage?: (declaredBytes: number | null) => string } = {},
): Promise<Buffer> {
  const tooLarge = (declaredBytes: number | null) =>
    opts.tooLargeMessage ? new AppError(413, "too_large", opts.tooLargeMessage(declaredBytes)) : tooLargeDefault(maxBytes);
  const declared = request.headers.get("content-length");
  if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(Number(declared));
  if (request.readBody) return request.readBody(maxBytes, () => tooLarge(null));
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(null);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
