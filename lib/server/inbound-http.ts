import type { IncomingMessage, ServerResponse } from "node:http";
import { problem } from "@/lib/errors";
import type { InboundRequest } from "@/lib/ingest/read-body";
import { JsonReply } from "@/lib/ingest/reply";
import { CALL_EVENTS_PATH, inboundHandlers, INBOUND_PATH_PREFIX, TWILIO_STATUS_PATH } from "@/lib/ingest/routes";
import { logger } from "@/lib/logger";
import { securityHeaders } from "@/lib/security-headers";
import { sendJsonReply, sendWebResponse, toInboundRequest } from "./node-web";

const log = logger("inbound");

type Route = (request: InboundRequest) => Promise<Response | JsonReply>;
const { callEvent, twilioVoiceStatus, inboundEvent } = inboundHandlers;

/**
 * The handler for a POST to one of the inbound routes, or null for every other request (Next.js
 * serves those — a GET on these paths too, with its 405). Exact paths, as Next.js matches them.
 */
export function inboundRoute(method: string | undefined, pathname: string): Route | null {
  if (method !== "POST") return null;
  if (pathname === CALL_EVENTS_PATH) return (request) => callEvent(request, undefined);
  if (pathname === TWILIO_STATUS_PATH) return (request) => twilioVoiceStatus(request, undefined);
  if (pathname.startsWith(INBOUND_PATH_PREFIX)) {
    const segment = pathname.slice(INBOUND_PATH_PREFIX.length);
    if (segment === "" || segment.includes("/")) return null;
    const connectionId = decodeSegment(segment);
    return (request) => inboundEvent(request, { params: Promise.resolve({ connectionId }) });
  }
  return null;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not a connection id either way: the handler answers 404
  }
}

const HEADERS = Object.fromEntries(securityHeaders(process.env.NODE_ENV === "production").map((h) => [h.key.toLowerCase(), h.value]));

/**
 * The lean path: answers the inbound routes straight from node:http with the same handlers the
 * Next.js routes run (lib/ingest/routes.ts), and returns false for anything else. Next.js's request
 * handling costs several times our own work per event (bench/README.md); these routes need none of it
 * — no pages, sessions, middleware or caching.
 */
export function handleInbound(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const route = inboundRoute(req.method, query === -1 ? url : url.slice(0, query));
  if (!route) return false;
  void answer(req, res, route);
  return true;
}

async function answer(req: IncomingMessage, res: ServerResponse, route: Route) {
  let response: Response | JsonReply;
  try {
    response = await route(toInboundRequest(req));
  } catch (error) {
    // The handlers answer every failure themselves (lib/api/handler.ts); this is a bug in the glue.
    log.error({ err: error }, "inbound request failed outside its handler");
    response = problem(500, "Something went wrong on our side.", { code: "internal" });
  }
  try {
    // A stored event's answer is data (lib/ingest/reply.ts), written without a Response; refusals are Responses.
    if (response instanceof JsonReply) sendJsonReply(req, res, response, HEADERS);
    else await sendWebResponse(req, res, response, HEADERS);
  } catch (error) {
    log.warn({ err: error }, "could not send an inbound response");
    res.destroy();
  }
}
