import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A local webhook receiver for the benchmark: verifies each webhook with the official
 * `standardwebhooks` package and notes when each call's first verified webhook arrived. A webhook
 * that fails verification is counted and not noted, so it shows up as lost.
 */
export async function startReceiver() {
  const received = new Map<string, number>();
  const verifiers: Webhook[] = [];
  let invalid = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = Date.now();
      try {
        const payload = Buffer.concat(chunks).toString("utf8");
        const body = verifyWithAny(verifiers, payload, req.headers as Record<string, string>) as { data?: { call?: { id?: string } } };
        const id = body.data?.call?.id;
        if (id && !received.has(id)) received.set(id, at);
      } catch {
        invalid++;
      }
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    invalid: () => invalid,
    /** A signing secret of an account whose webhooks arrive here. */
    addSecret: (secret: string) => verifiers.push(new Webhook(secret)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function verifyWithAny(verifiers: Webhook[], payload: string, headers: Record<string, string>): unknown {
  for (const v of verifiers) {
    try {
      return v.verify(payload, headers);
    } catch {
      // another account's secret, perhaps
    }
  }
  throw new Error("no secret verifies this webhook");
}
