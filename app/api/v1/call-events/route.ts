import { apiRoute } from "@/lib/api/handler";
import { acceptCallEnded } from "@/lib/ingest/accept-call";
import { parseCallEvent } from "@/lib/ingest/parse-event";
import { readBodyLimited, requireJsonContentType } from "@/lib/ingest/read-body";
import { verifyPlatformSignature } from "@/lib/ingest/verify";

/**
 * POST /api/v1/call-events — the platform tells us a call ended (docs/architecture.md §2). Cheap refusals first
 * (415, 413 before reading everything), then the signature over the exact bytes (401), then the
 * event itself (400 / 422), then one transaction (202 new, 200 duplicate, 503 retry).
 */
export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request) => {
  requireJsonContentType(request);
  const raw = await readBodyLimited(request);
  const eventId = verifyPlatformSignature(request, raw);
  const data = parseCallEvent(raw);
  return acceptCallEnded({ eventId, data });
});
