import http from "node:http";
import type { AddressInfo } from "node:net";

/** A local webhook receiver for the benchmark: notes when each call's webhook arrived. */
export async function startReceiver() {
  const received = new Map<string, number>();
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      count++;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data?: { call?: { id?: string } } };
        const id = body.data?.call?.id;
        if (id && !received.has(id)) received.set(id, at);
      } catch {
        // not ours
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, count: () => count, close: () => new Promise<void>((r) => server.close(() => r())) };
}
