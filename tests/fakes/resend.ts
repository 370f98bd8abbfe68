import { randomUUID } from "node:crypto";
import { Webhook } from "svix";
import { listen, respond, type Scripted } from "./http";

/**
 * A fake Resend API: POST /emails as the real `resend` SDK sends it. Records each email once per
 * Idempotency-Key (a repeat with the same key answers with the first email's id, like Resend), and
 * can be scripted to fail (Resend's error body: { statusCode, name, message }).
 *
 * A fake mailbox too: each email's webhook events (`email.sent`, then `email.delivered`, or
 * `email.bounced`), signed with the `svix` library as Resend signs them, from `eventsFor(id)`, and
 * posted by themselves to `webhook.url` when `webhook` is given. Like Resend's test addresses, an
 * address whose local part starts with `bounced` bounces, `complained` is delivered then marked as
 * spam, `delayed` is delayed then delivered; so does any address in `bounces`.
 */
export type FakeEmail = { id: string; from: string; to: string[]; subject: string; html: string; text: string; idempotencyKey: string | null; receivedAt: number };

export type FakeResendEvent = { headers: Record<string, string>; body: string };

export async function startFakeResend(opts: { apiKey: string; webhook?: { url: string; secret: string; delayMs?: number }; port?: number }) {
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
    const email = { id, from: body.from, to: Array.isArray(body.to) ? body.to : [body.to], subject: body.subject, html: body.html, text: body.text, idempotencyKey: key, receivedAt: Date.now() };
    emails.push(email);
    if (mailbox.webhook) setTimeout(() => void postEvents(email.id), mailbox.webhook.delayMs ?? 100);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id }));
  }, opts.port);

  const mailbox = { bounces: new Set<string>(), webhook: opts.webhook };
  const eventPosts: { emailId: string; type: string; httpStatus: number }[] = [];

  function outcome(to: string): string[] {
    const local = to.split("@")[0]!.toLowerCase();
    if (mailbox.bounces.has(to) || local.startsWith("bounced")) return ["email.sent", "email.bounced"];
    if (local.startsWith("complained")) return ["email.sent", "email.delivered", "email.complained"];
    if (local.startsWith("delayed")) return ["email.sent", "email.delivery_delayed", "email.delivered"];
    return ["email.sent", "email.delivered"];
  }

  /** The webhook events Resend would post about an email, in order, signed with `secret` by svix. */
  function eventsFor(emailId: string, types?: string[], secret = mailbox.webhook?.secret): FakeResendEvent[] {
    const e = emails.find((x) => x.id === emailId);
    if (!e) throw new Error(`no fake email ${emailId}`);
    if (!secret) throw new Error("eventsFor needs the webhook's signing secret");
    return (types ?? outcome(e.to[0]!)).map((type) => {
      const createdAt = new Date();
      const data: Record<string, unknown> = { created_at: new Date(e.receivedAt).toISOString(), email_id: e.id, from: e.from, to: e.to, subject: e.subject };
      if (type === "email.bounced") data.bounce = { type: "Permanent", subType: "General", message: "The recipient's email provider sent a hard bounce message." };
      const body = JSON.stringify({ type, created_at: createdAt.toISOString(), data });
      const msgId = `msg_${randomUUID().replaceAll("-", "")}`;
      return { headers: { "content-type": "application/json", "svix-id": msgId, "svix-timestamp": String(Math.floor(createdAt.getTime() / 1000)), "svix-signature": new Webhook(secret).sign(msgId, createdAt, body) }, body };
    });
  }

  async function postEvents(emailId: string) {
    for (const ev of eventsFor(emailId)) {
      const type = (JSON.parse(ev.body) as { type: string }).type;
      try {
        const res = await fetch(mailbox.webhook!.url, { method: "POST", headers: ev.headers, body: ev.body });
        eventPosts.push({ emailId, type, httpStatus: res.status });
      } catch {
        eventPosts.push({ emailId, type, httpStatus: 0 });
      }
    }
  }

  return {
    ...server,
    apiKey: opts.apiKey,
    /** The fake mailbox: `bounces.add(address)`, `webhook = { url, secret }` to post events. */
    mailbox,
    eventsFor,
    /** Events the mailbox posted by itself, with the answer each got (0: no answer). */
    eventPosts,
    emails,
    requests,
    script: (...responses: Scripted[]) => queue.push(...responses),
    reset: () => {
      emails.length = 0;
      requests.length = 0;
      queue.length = 0;
      byKey.clear();
      mailbox.bounces.clear();
      eventPosts.length = 0;
    },
  };
}
export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;
