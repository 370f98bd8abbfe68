import { apiRoute } from "@/lib/api/handler";
import { acceptCallEnded } from "./accept-call";
import { acceptPlatformEvent } from "./accept-platform-event";
import { parseCallEvent } from "./parse-event";
import { readBodyLimited, requireJsonContentType, type InboundRequest } from "./read-body";
import { toResponse, type JsonReply } from "./reply";
import { mapTwilioStatus, readTwilioCallback, TWILIO_STATUS_PATH } from "./twilio-status";
import { verifyPlatformSignature } from "./verify";

/**
 * The inbound routes' handlers, in one place because two servers call them: Next.js, through the
 * route files under app/api/v1 (`next dev`, and the route tests), and the lean path in front of it
 * in production (lib/server/inbound-http.ts), which skips the framework's request handling.
 *
 * `inboundHandlers` answer a stored event as a JsonReply (lib/ingest/reply.ts), which the lean path
 * writes itself; the `post…` exports are the same handlers answering Responses, for the route files.
 */

/**
 * POST /api/v1/call-events — the platform tells us a call ended. Cheap refusals first (415, 413
 * before reading everything), then the signature over the exact bytes (401), then the event itself
 * (400 / 422), then one transaction (202 new, 200 duplicate, 503 retry).
 */
const callEvent = apiRoute(async (request: InboundRequest) => {
  requireJsonContentType(request);
  const raw = await readBodyLimited(request);
  const eventId = verifyPlatformSignature(request, raw);
  const data = parseCallEvent(raw);
  return acceptCallEnded({ eventId, data });
});

/**
 * POST /api/v1/twilio/voice-status — Twilio's voice status callback. Terminal statuses go through the
 * same pipeline as signed call-end events; others get 204.
 */
const twilioVoiceStatus = apiRoute(async (request: InboundRequest): Promise<Response | JsonReply> => {
  const params = await readTwilioCallback(request, TWILIO_STATUS_PATH);
  const input = mapTwilioStatus(params);
  if (!input) return new Response(null, { status: 204 });
  return acceptCallEnded(input);
});

/**
 * POST /api/v1/inbound/{connection_id} — a voice platform (Vapi, Retell, Bland, ElevenLabs, Synthflow)
 * posts its own post-call webhook here, signed its own way (lib/platforms/).
 */
const inboundEvent = apiRoute(async (request: InboundRequest, { params }: { params: Promise<{ connectionId: string }> }) => {
  const { connectionId } = await params;
  return acceptPlatformEvent(request, connectionId);
});

export const inboundHandlers = { callEvent, twilioVoiceStatus, inboundEvent };

/** A handler answering Responses only, as a Next.js route must. */
function asRoute<R, C>(handler: (request: R, context: C) => Promise<Response | JsonReply>) {
  return async (request: R, context: C): Promise<Response> => toResponse(await handler(request, context));
}

export const postCallEvent = asRoute(callEvent);
export const postTwilioVoiceStatus = asRoute(twilioVoiceStatus);
export const postInboundEvent = asRoute(inboundEvent);

export const CALL_EVENTS_PATH = "/api/v1/call-events";
export const INBOUND_PATH_PREFIX = "/api/v1/inbound/";
export { TWILIO_STATUS_PATH };
