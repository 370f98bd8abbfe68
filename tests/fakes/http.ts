import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A tiny HTTP server on 127.0.0.1 and a random port (or `port`), for the fakes. */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>, port = 0) {
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks).toString("utf8"))).catch((error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A scripted response: a status (and body/headers), a hang (a timeout for the client), or a dropped connection. */
export type Scripted =
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { hang: true }
  | { drop: true };

export function respond(res: ServerResponse, r: Scripted, fallback: () => { status: number; body: unknown; headers?: Record<string, string> }) {
  if ("hang" in r) return; // never answer: the client times out
  if ("drop" in r) {
    res.socket?.destroy();
    return;
  }
  const send = () => {
    const body = r.body === undefined ? fallback().body : r.body;
    res.writeHead(r.status, { "content-type": "application/json", ...(r.headers ?? {}) });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  if (r.delayMs) setTimeout(send, r.delayMs);
  else send();
}
