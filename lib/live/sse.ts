import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { LiveHub, LiveMessage } from "./hub";

const log = logger("live");

/** A comment line every 20 s keeps proxies (and the browser) from closing an idle stream. */
export const HEARTBEAT_MS = 20_000;
/** How long a browser waits before reconnecting a dropped stream (the SSE `retry` field). */
export const RECONNECT_MS = 3_000;

/**
 * `no-transform` keeps compression off (Next.js's `compress` honours it): gzip would hold events back
 * until a buffer fills. `x-accel-buffering` does the same for an nginx in front.
 */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "private, no-cache, no-transform",
  "x-accel-buffering": "no",
};

function frame(message: Exclude<LiveMessage, { type: "end" }>): string {
  return message.type === "resync" ? "event: resync\ndata: {}\n\n" : `event: change\ndata: ${JSON.stringify(message.event)}\n\n`;
}

/**
 * The server-sent events stream of one dashboard tab: subscribes to `accountId`'s changes on the hub
 * (429 past the account's bound), says `ready` once the LISTEN is in place, relays each change, sends
 * a heartbeat comment, and unsubscribes when the browser goes away (the request aborts or the stream
 * is cancelled) — whichever comes first, once.
 */
export async function liveEventStream(hub: LiveHub, accountId: string, signal: AbortSignal): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let pending = "";
  let flushing = false;
  const timers: { heartbeat?: ReturnType<typeof setInterval> } = {};
  let unsubscribe = () => {};

  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timers.heartbeat);
    unsubscribe();
    try {
      controller.close();
    } catch {
      // already closed or errored
    }
  };
  // Changes that arrive together (one packet from PostgreSQL holds many) go out in one write.
  const flush = () => {
    flushing = false;
    if (closed || !pending) return;
    const chunk = pending;
    pending = "";
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };
  const write = (text: string) => {
    if (closed) return;
    pending += text;
    if (!flushing) {
      flushing = true;
      setImmediate(flush);
    }
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(encoder.encode(`retry: ${RECONNECT_MS}\n: connected\n\n`));
    },
    cancel: close,
  });

  const sub = hub.subscribe(accountId, (message) => (message.type === "end" ? close() : write(frame(message))));
  if (!sub.ok) {
    closed = true;
    throw AppError.tooManyRequests(30, "Too many live views of this workspace are open. Close some tabs; this one updates every few seconds instead.");
  }
  unsubscribe = sub.unsubscribe;
  signal.addEventListener("abort", close, { once: true });
  if (signal.aborted) close();
  try {
    await sub.ready;
  } catch (error) {
    close();
    log.warn({ err: error }, "live stream refused: no LISTEN");
    throw new AppError(503, "unavailable", "Live updates are unavailable right now; the page refreshes every few seconds instead.", [], { "retry-after": "5" });
  }
  write("event: ready\ndata: {}\n\n");
  timers.heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
  timers.heartbeat.unref?.();
  return new Response(stream, { headers: SSE_HEADERS });
}
