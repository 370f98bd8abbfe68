import { apiRoute } from "@/lib/api/handler";
import { acceptPlatformEvent } from "@/lib/ingest/accept-platform-event";

/**
 * POST /api/v1/inbound/{connection_id} — a voice platform (Vapi, Retell, Bland, ElevenLabs, Synthflow)
 * posts its own post-call webhook here, signed its own way (lib/platforms/).
 */
export const dynamic = "force-dynamic";

export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ connectionId: string }> }) => {
  const { connectionId } = await params;
  return acceptPlatformEvent(request, connectionId);
});
