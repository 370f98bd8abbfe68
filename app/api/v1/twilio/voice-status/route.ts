import { postTwilioVoiceStatus } from "@/lib/ingest/routes";

/**
 * POST /api/v1/twilio/voice-status — Twilio's voice status callback. The
 * handler lives in lib/ingest/routes.ts: in production the lean path (scripts/server.ts) runs it.
 */
export const dynamic = "force-dynamic";

export const POST = postTwilioVoiceStatus;
