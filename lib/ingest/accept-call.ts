import { db } from "@/db";
import { AppError, isConnectionError, isUnstorableText, problem, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import type { CallEndedInput } from "./event-schema";
import { ingestCall, partiesOf } from "./ingest-call";

const log = logger("ingest");

/**
 * Per agent number and web process. Generous — 2,000 events/s — so a busy platform is never throttled;
 * it only stops a runaway sender from draining an account's credits. Keyed by the number rather than
 * the account so it is checked before touching the database (routing happens inside the one insert).
 */
export const INGEST_RATE_LIMIT = { limit: 120_000, windowSeconds: 60 };

/**
 * The shared tail of every call-end source (the signed endpoint and the Twilio adapter): rate-limit per
 * agent number, then route and store in one statement. 202 for a new call, 200 for one we already had, and
 * 503 + retry-after when storing failed — the transaction rolled back, so the platform's retry is safe.
 */
export async function acceptCallEnded(input: CallEndedInput): Promise<Response> {
  const field = input.data.direction === "inbound" ? "data.to" : "data.from";
  const limit = checkLocalRateLimit(`ingest:${partiesOf(input.data).agentNumber}`, INGEST_RATE_LIMIT);
  if (!limit.ok) throw AppError.tooManyRequests(limit.retryAfterSeconds, "Too many call events for this number. Retry shortly.");

  let result;
  try {
    result = await ingestCall(db, input, field);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A NUL in a field is the sender's fault and a retry would fail the same way: 400, not 503.
    if (isUnstorableText(error)) throw AppError.badRequest(UNSTORABLE_TEXT_MESSAGE);
    log.error({ err: error, connection: isConnectionError(error) }, "storing a call failed; nothing was kept");
    return problem(503, "The call could not be stored. Nothing was kept; retry shortly.", {
      code: "unavailable",
      headers: { "retry-after": "5" },
    });
  }
  return Response.json({ call_id: result.callId }, { status: result.created ? 202 : 200 });
}
