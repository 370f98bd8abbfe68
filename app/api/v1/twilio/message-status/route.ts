import { db } from "@/db";
import { recordReceipt } from "@/db/queries/delivery-lifecycle";
import { apiRoute } from "@/lib/api/handler";
import { MESSAGE_STATUS_PATH, twilioReceipt } from "@/lib/delivery/twilio-receipt";
import { readTwilioCallback } from "@/lib/ingest/twilio-status";
import { logger } from "@/lib/logger";

/**
 * POST /api/v1/twilio/message-status — Twilio's status callback for the SMS we send (their
 * `statusCallback`). Signed like the voice status callback (X-Twilio-Signature over APP_URL + path):
 * 403 unsigned, 404 when Twilio is not configured. A signed callback always answers 204, whether its
 * MessageSid is one of ours, a status on the way, or already recorded: the answer says nothing about
 * which messages exist, and Twilio needs no more than a 2xx.
 */
export const dynamic = "force-dynamic";

const log = logger("receipts");

export const POST = apiRoute(async (request: Request) => {
  const params = await readTwilioCallback(request, MESSAGE_STATUS_PATH);
  const { sid, receipt } = twilioReceipt(params);
  if (receipt) {
    const result = await recordReceipt(db, "sms", sid, receipt);
    log.info({ outcome: result.outcome, deliveryId: "deliveryId" in result ? result.deliveryId : null, receipt: receipt.receipt, code: receipt.code }, "sms receipt");
  }
  return new Response(null, { status: 204 });
});
