import { apiRoute } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { acceptCallEnded } from "@/lib/ingest/accept-call";
import { readBodyLimited } from "@/lib/ingest/read-body";
import { mapTwilioStatus, verifyTwilioSignature } from "@/lib/ingest/twilio-status";

/**
 * POST /api/v1/twilio/voice-status — Twilio's voice status callback (docs/architecture.md §2, Twilio adapter).
 * Terminal statuses go through the same pipeline as signed call-end events; others get 204.
 */
export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Twilio status callbacks are application/x-www-form-urlencoded.");
  }
  const raw = await readBodyLimited(request, 64 * 1024);
  const params = Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  verifyTwilioSignature(request, params);
  const input = mapTwilioStatus(params);
  if (!input) return new Response(null, { status: 204 });
  return acceptCallEnded(input);
});
