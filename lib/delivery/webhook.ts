import { fetch, type Agent } from "undici";
import { attemptFailure, STORED_RESPONSE_BYTES, type AttemptOutcome } from "./attempt-outcome";
import { checkWebhookUrl, pinnedAgent, type Resolver } from "./ssrf";

export { STORED_RESPONSE_BYTES };

/**
 * One HTTP attempt of a signed webhook (docs/architecture.md §3): SSRF-checked and pinned to the vetted address,
 * 10 s timeout for the whole exchange, redirects not followed (a 3xx is a failure), at most 64 KiB of
 * the response read. Never throws: every outcome comes back as an AttemptOutcome to store.
 */
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;
export const USER_AGENT = "Aftercall-Webhooks/1";

export async function postWebhook(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  resolve?: Resolver;
  timeoutMs?: number;
}): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const check = await checkWebhookUrl(opts.url, { allowPrivate: opts.allowPrivate, resolve: opts.resolve });
  if (!check.ok) return attemptFailure("final", check.reason, `Refused: ${check.detail}`, { latencyMs: elapsed() });
  const agent = agentFor(check.url, check.pinned);
  const signal = AbortSignal.timeout(opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  try {
    const response = await fetch(check.url, {
      method: "POST",
      headers: opts.headers,
      body: opts.body,
      redirect: "manual",
      signal,
      dispatcher: agent,
    });
    const text = await readCapped(response.body as { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null, MAX_RESPONSE_BYTES);
    const status = response.status;
    const base = {
      statusCode: status,
      latencyMs: elapsed(),
      responseBody: text.slice(0, STORED_RESPONSE_BYTES),
      retryAfter: response.headers.get("retry-after"),
    };
    if (status >= 200 && status < 300) return { ...base, outcome: "success", via: "http", providerMessageId: null };
    if (status === 410) return attemptFailure("final", "endpoint_gone", "410 Gone: the endpoint asked to be disabled", base);
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location");
      return attemptFailure("retryable", "http_error", `Redirect ${status} not followed${location ? ` (to ${location})` : ""}`, base);
    }
    return attemptFailure("retryable", "http_error", `HTTP ${status}`, base);
  } catch (error) {
    const timedOut = signal.aborted;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return attemptFailure(
      "retryable",
      timedOut ? "timeout" : "network_error",
      timedOut
        ? `Timed out after ${(opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS) / 1000} s`
        : `Network error: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      { latencyMs: elapsed() },
    );
  }
}

/**
 * One keep-alive agent per endpoint and vetted address, so a busy endpoint is not a new TCP (and TLS)
 * connection per webhook. Keyed by the address the SSRF check pinned: if the name resolves elsewhere
 * next time, that is a new agent, still connecting only where the check allowed.
 */
const agents = new Map<string, Agent>();
const MAX_AGENTS = 256;
function agentFor(url: URL, pinned: Parameters<typeof pinnedAgent>[0]): Agent {
  const key = `${url.origin}|${pinned ? `${pinned.address}/${pinned.family}` : "-"}`;
  let agent = agents.get(key);
  if (agent) {
    agents.delete(key); // re-insert: the Map's order is least recently used first
  } else {
    agent = pinnedAgent(pinned);
    if (agents.size >= MAX_AGENTS) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Agent];
      agents.delete(oldestKey);
      oldest.close().catch(() => {});
    }
  }
  agents.set(key, agent);
  return agent;
}

/** Reads at most `max` bytes of a body, then stops reading (the rest is discarded with the connection). */
async function readCapped(body: { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null, max: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = value.subarray(0, max - size);
      chunks.push(take);
      size += take.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString("utf8");
}
