import { db } from "@/db";
import { recordReceipt } from "@/db/queries/delivery-lifecycle";
import { apiRoute } from "@/lib/api/handler";
import { resendReceipt, verifyResendEvent } from "@/lib/delivery/resend-receipt";
import { readBodyLimited, requireJsonContentType } from "@/lib/ingest/read-body";
import { logger } from "@/lib/logger";

/**
 * POST /api/v1/resend/events — Resend's webhook for the emails we send, verified with
 * RESEND_WEBHOOK_SECRET by the svix library: 401 unsigned, 404 when the secret is not set. A verified
 * event always answers 204 — an email of ours or not, acted on or not, new or redelivered — so the
 * answer says nothing about which emails exist and Resend (Svix) does not retry it.
 */
export const dynamic = "force-dynamic";

const log = logger("receipts");

export const POST = apiRoute(async (request: Request) => {
  requireJsonContentType(request);
  const raw = await readBodyLimited(request, 256 * 1024);
  const event = verifyResendEvent(request, raw.toString("utf8"));
  const found = resendReceipt(event);
  if (found) {
    const result = await recordReceipt(db, "email", found.emailId, found.receipt);
    log.info({ outcome: result.outcome, deliveryId: "deliveryId" in result ? result.deliveryId : null, receipt: found.receipt.receipt }, "email receipt");
  }
  return new Response(null, { status: 204 });
});
