import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * How the production server (scripts/server.ts) gets the lean inbound handler: the app publishes it
 * when Next.js starts (instrumentation-node.ts), so it is the very module graph the Next.js routes
 * run — one database pool, one connection cache, one rate limiter, env checked once. This file
 * imports nothing, so the server loads none of the app itself.
 */
export type LeanHandler = (req: IncomingMessage, res: ServerResponse) => boolean;
type Fallback = (req: IncomingMessage, res: ServerResponse) => unknown;

const KEY = Symbol.for("aftercall.leanHandler");
const holder = globalThis as unknown as Record<symbol, LeanHandler | undefined>;

export function publishLeanHandler(handler: LeanHandler) {
  holder[KEY] = handler;
}

export function publishedLeanHandler(): LeanHandler | undefined {
  return holder[KEY];
}

const END_LIVE = Symbol.for("aftercall.endLiveStreams");
const endHolder = globalThis as unknown as Record<symbol, (() => void) | undefined>;

/** The app's way to end its open live-dashboard streams (lib/live/hub.ts), for the server's shutdown. */
export function publishLiveStreamsEnd(end: () => void) {
  endHolder[END_LIVE] = end;
}

/** Ends the app's open live streams, if it has any: they would hold a graceful close for its whole wait. */
export function endLiveStreams() {
  endHolder[END_LIVE]?.();
}

/**
 * Resolves with the handler once the app has published it, or with undefined after `timeoutMs`. In
 * production Next.js runs instrumentation.ts just after prepare() returns (as it preloads its
 * entries), not within it.
 */
export async function waitForLeanHandler(timeoutMs: number): Promise<LeanHandler | undefined> {
  const until = Date.now() + timeoutMs;
  while (!holder[KEY] && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return holder[KEY];
}

/**
 * A request listener: the lean handler first, `fallback` (Next.js) for whatever it declines. The
 * handler is looked up per request: until it is published, Next.js serves everything — the inbound
 * routes too, through the same handlers.
 */
export function leanFirst(lean: () => LeanHandler | undefined, fallback: Fallback) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!lean()?.(req, res)) void fallback(req, res);
  };
}
