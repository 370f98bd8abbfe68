import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { InboundRequest } from "@/lib/ingest/read-body";
import type { JsonReply } from "@/lib/ingest/reply";

/**
 * A full Web `Request` over a Node.js one, for a handler that needs one (a Next.js route served over
 * node:http in a test); the lean path gives its handlers the lighter `toInboundRequest` below. The
 * body is streamed as it arrives, not buffered here: lib/ingest/read-body.ts counts the bytes and
 * refuses with 413 while reading.
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
 * The inbound handlers' view of a Node.js request (lib/ingest/read-body.ts `InboundRequest`): headers
 * read from Node's parsed ones, and the body read straight from the socket. Building a `Request`, its
 * `Headers` and a web stream for every event cost more CPU than verifying its signature (a profile at
 * 200 events/s); these routes only ever read a few headers and the whole body.
 */
export function toInboundRequest(req: IncomingMessage): InboundRequest {
  const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : "localhost";
  return {
    url: `http://${host}${req.url ?? "/"}`,
    headers: new NodeHeaders(req.headers),
    // The body is read through readBody only.
    body: null,
    readBody: (maxBytes, tooLarge) => readNodeBody(req, maxBytes, tooLarge),
  };
}

/** `get` over Node's parsed headers (lower-case names; repeated ones joined as Headers joins them). */
class NodeHeaders implements Pick<Headers, "get"> {
  constructor(private readonly headers: IncomingHttpHeaders) {}
  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }
}

/**
 * The whole body, refused with `tooLarge()` as soon as it passes `maxBytes`. On refusal the request is
 * only paused, never destroyed: the 413 must still reach the client (sendWebResponse then closes the
 * connection instead of draining the rest).
 */
function readNodeBody(req: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        done();
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

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

/**
 * Writes a handler's JSON answer (lib/ingest/reply.ts) as `sendWebResponse` would write the Response
 * `Response.json` makes of it: the same status, content-type and length, `extraHeaders` under them.
 */
export function sendJsonReply(req: IncomingMessage, res: ServerResponse, reply: JsonReply, extraHeaders: Record<string, string>) {
  const body = Buffer.from(JSON.stringify(reply.body), "utf8");
  const headers: Record<string, string> = { ...extraHeaders, "content-type": "application/json", "content-length": String(body.byteLength) };
  if (!req.complete) headers.connection = "close";
  res.writeHead(reply.status, headers);
  res.end(body);
}
