import { Webhook } from "standardwebhooks";
import { listen, respond, type Scripted } from "./http";

/**
 * A customer's webhook endpoint: verifies every request with the official `standardwebhooks` package
 * against the secrets it is given, records headers and bodies, and answers as scripted (default 200).
 */
export type Received = {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Which of the given secrets verified it (index), or null. */
  verifiedWith: number | null;
  verifyError: string | null;
  receivedAt: number;
};

export async function startWebhookReceiver(opts: { secrets?: string[] } = {}) {
  let secrets = opts.secrets ?? [];
  const received: Received[] = [];
  const queue: Scripted[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = await listen((req, res, body) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    let verifiedWith: number | null = null;
    let verifyError: string | null = secrets.length ? null : "no secret configured";
    for (const [i, secret] of secrets.entries()) {
      try {
        new Webhook(secret).verify(body, headers);
        verifiedWith = i;
        verifyError = null;
        break;
      } catch (error) {
        verifyError = (error as Error).message;
      }
    }
    received.push({ path: req.url ?? "/", headers, body, verifiedWith, verifyError, receivedAt: performance.timeOrigin + performance.now() });
    for (const w of [...waiters]) {
      if (received.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
    respond(res, queue.shift() ?? { status: 200, body: { ok: true } }, () => ({ status: 200, body: { ok: true } }));
  });

  return {
    ...server,
    received,
    setSecrets: (s: string[]) => {
      secrets = s;
    },
    script: (...responses: Scripted[]) => queue.push(...responses),
    /** Resolves once `count` requests have arrived (or rejects after `timeoutMs`). */
    waitFor: (count: number, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (received.length >= count) return resolve();
        const timer = setTimeout(() => reject(new Error(`receiver got ${received.length}/${count} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    reset: () => {
      received.length = 0;
      queue.length = 0;
    },
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
