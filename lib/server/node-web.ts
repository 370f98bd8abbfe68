import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A Web `Request` over a Node.js one, for handlers written against the Fetch API (the same ones the
 * Next.js routes run). The body is streamed as it arrives, not buffered here: lib/ingest/read-body.ts
 * counts the bytes and refuses with 413 while reading, and that must stay true on this path.
 */
export function toWebRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : "localhost";
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(`http://${host}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: hasBody ? bodyStream(req) : null,
    // Required by the Fetch API for a streamed request body.
    duplex: "half",
  } as RequestInit & { duplex: "half" });
}

const HOST = /^[A-Za-z0-9.:[\]-]{1,255}$/;

/**
 * The request body as a ReadableStream that pauses the socket when the consumer is behind, and only
 * pauses (never destroys) the request when the consumer cancels — a 413 must still reach the client.
 * (`Readable.toWeb` destroys the request, and with it the socket, on cancel.)
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => controller.close());
      req.once("error", (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.removeAllListeners("data");
      req.pause();
    },
  });
}

/**
 * Writes a Web `Response` (small, fully formed: these handlers answer JSON or nothing) to the Node.js
 * response, with `extraHeaders` under the handler's own. When the handler answered without reading the
 * whole body (a 413, or a refusal before reading), the connection is closed after the answer rather
 * than drained: Node would otherwise read the rest of an oversized body to keep the connection alive.
 */
export async function sendWebResponse(req: IncomingMessage, res: ServerResponse, response: Response, extraHeaders: Record<string, string>) {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  const headers: Record<string, string | string[]> = { ...extraHeaders };
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (body) headers["content-length"] = String(body.byteLength);
  if (!req.complete) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body);
}
