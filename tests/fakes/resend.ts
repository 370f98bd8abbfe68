import { randomUUID } from "node:crypto";
import { listen, respond, type Scripted } from "./http";

/**
 * A fake Resend API: POST /emails as the real `resend` SDK sends it. Records each email once per
 * Idempotency-Key (a repeat with the same key answers with the first email's id, like Resend), and
 * can be scripted to fail (Resend's error body: { statusCode, name, message }).
 */
export type FakeEmail = { id: string; from: string; to: string[]; subject: string; html: string; text: string; idempotencyKey: string | null; receivedAt: number };

export async function startFakeResend(opts: { apiKey: string }) {
  const emails: FakeEmail[] = [];
  const requests: { idempotencyKey: string | null; status: number }[] = [];
  const byKey = new Map<string, string>();
  const queue: Scripted[] = [];

  const server = await listen((req, res, raw) => {
    if (req.method !== "POST" || req.url !== "/emails") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ statusCode: 404, name: "not_found", message: "Not found" }));
      return;
    }
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    if (req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      requests.push({ idempotencyKey: key, status: 401 });
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ statusCode: 401, name: "missing_api_key", message: "Missing API key" }));
      return;
    }
    const next = queue.shift();
    if (next) {
      requests.push({ idempotencyKey: key, status: "status" in next ? next.status : 0 });
      respond(res, next, () => ({ status: 500, body: { statusCode: 500, name: "internal_server_error", message: "Internal error" } }));
      return;
    }
    requests.push({ idempotencyKey: key, status: 200 });
    if (key && byKey.has(key)) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: byKey.get(key) }));
      return;
    }
    const body = JSON.parse(raw) as { from: string; to: string | string[]; subject: string; html: string; text: string };
    const id = randomUUID();
    if (key) byKey.set(key, id);
    emails.push({ id, from: body.from, to: Array.isArray(body.to) ? body.to : [body.to], subject: body.subject, html: body.html, text: body.text, idempotencyKey: key, receivedAt: Date.now() });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id }));
  });

  return {
    ...server,
    apiKey: opts.apiKey,
    emails,
    requests,
    script: (...responses: Scripted[]) => queue.push(...responses),
    reset: () => {
      emails.length = 0;
      requests.length = 0;
      queue.length = 0;
      byKey.clear();
    },
  };
}
export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;
