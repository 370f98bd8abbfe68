import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A customer endpoint that goes through an outage: `down()` closes its listening socket (callers get
 * ECONNREFUSED), `up()` listens again on the same port. While up it answers from a script — e.g. a run
 * of 500s, then 429s with retry-after, then 200 — and records every request it saw with its answer.
 */
export type Seen = { webhookId: string; status: number; at: number; body: string; verified: boolean };
type Answer = { status: number; headers?: Record<string, string> };

export async function startFlakyReceiver(secret: () => string) {
  const seen: Seen[] = [];
  let script: Answer[] = [];
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
        let verified = false;
        try {
          new Webhook(secret()).verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
        const answer = script.shift() ?? { status: 200 };
        seen.push({ webhookId: headers["webhook-id"] ?? "", status: answer.status, at: Date.now(), body, verified });
        res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        res.end(JSON.stringify({ status: answer.status }));
      });
    });
    server.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(port, "127.0.0.1", () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };

  const close = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    seen,
    /** Answers for the next requests, in order; 200 after them. */
    script: (...answers: Answer[]) => {
      script = answers;
    },
    remaining: () => script.length,
    down: close,
    up: listen,
    close,
  };
}
export type FlakyReceiver = Awaited<ReturnType<typeof startFlakyReceiver>>;
