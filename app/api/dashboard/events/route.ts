import { apiRoute } from "@/lib/api/handler";
import { requireSessionMember } from "@/lib/api/session";
import { liveHub } from "@/lib/live/hub";
import { liveEventStream } from "@/lib/live/sse";

/**
 * GET /api/dashboard/events — server-sent events for the signed-in member's current workspace: `ready`
 * once listening, `change` {kind, callId, deliveryId?, channel?} per stored call or delivery status
 * change, `resync` when changes may have been missed. The live pages re-read on them (lib/live/).
 */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  const member = await requireSessionMember();
  return liveEventStream(liveHub(), member.accountId, request.signal);
});
