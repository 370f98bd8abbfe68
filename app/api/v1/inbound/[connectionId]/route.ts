import { postInboundEvent } from "@/lib/ingest/routes";

/**
 * POST /api/v1/inbound/{connection_id} — a voice platform's own post-call webhook. The handler lives
 * in lib/ingest/routes.ts: in production the lean path (scripts/server.ts) runs it.
 */
export const dynamic = "force-dynamic";

export const POST = postInboundEvent;
