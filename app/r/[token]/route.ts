import { db } from "@/db";
import { recordingOf } from "@/db/queries/calls";
import { apiRoute } from "@/lib/api/handler";
import { problem } from "@/lib/errors";
import { verifyRecordingToken } from "@/lib/recordings";

/**
 * GET /r/<token> — the recording link in emails and webhooks (docs/architecture.md §1): a signed, expiring token
 * that redirects to the platform's recording, so a deleted or expired recording stops resolving.
 */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_request: Request, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const check = verifyRecordingToken(decodeURIComponent(token));
  if (!check.ok && check.reason === "invalid") return problem(404, "This recording link is not valid.");
  if (!check.ok) return problem(410, "This recording link has expired.", { code: "gone" });
  const recording = await recordingOf(db, check.callId);
  if (!recording?.url) return problem(404, "This recording link is not valid.");
  if (recording.deletedAt || recording.expired) return problem(410, "This recording was deleted.", { code: "gone" });
  return new Response(null, { status: 302, headers: { location: recording.url, "cache-control": "no-store", "referrer-policy": "no-referrer" } });
});
