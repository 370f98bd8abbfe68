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

/** A request listener: the lean handler first, `fallback` (Next.js) for whatever it declines. */
export function leanFirst(lean: LeanHandler, fallback: Fallback) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!lean(req, res)) void fallback(req, res);
  };
}
