import { postCallEvent } from "@/lib/ingest/routes";

/**
 * POST /api/v1/call-events — the platform tells us a call ended. The handler lives in
 * lib/ingest/routes.ts: in production the lean path (scripts/server.ts) runs it before Next.js would.
 */
export const dynamic = "force-dynamic";

export const POST = postCallEvent;
