import { AppError } from "@/lib/errors";

export const MAX_EVENT_BYTES = 1024 * 1024;

/** 415 unless the body is declared as JSON (`application/json` or `application/<x>+json`). */
export function requireJsonContentType(request: Request) {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
    throw new AppError(415, "unsupported_media_type", "Send the event as content-type: application/json.");
  }
}

function tooLarge(maxBytes: number) {
  return new AppError(413, "too_large", `The body is larger than ${maxBytes} bytes (1 MiB).`);
}

/**
 * Reads the raw body as bytes (signatures are over the exact bytes), refusing with 413 as soon as it
 * passes `maxBytes`: first by the declared content-length, then by what actually arrives, so a lying
 * or chunked request cannot make us buffer more than the limit.
 */
export async function readBodyLimited(request: Request, maxBytes = MAX_EVENT_BYTES): Promise<Buffer> {
  const declared = request.headers.get("content-length");
  if (declared && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
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
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
