import { db } from "@/db";
import { AppError, isConnectionError, isUnstorableText, problem, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import type { CallEndedInput } from "./event-schema";
import { accountForAgentNumber, ingestCall, partiesOf } from "./ingest-call";

const log = logger("ingest");

/**
 * Per account and web process. Generous — 2,000 events/s — so a busy platform is never throttled; it
 * only stops a runaway sender from draining an account's credits.
 */
export const INGEST_RATE_LIMIT = { limit: 120_000, windowSeconds: 60 };

/**
 * The shared tail of every call-end source (the signed endpoint and the Twilio adapter): route by the
 * agent number, rate-limit per account, store. 202 for a new call, 200 for one we already had, and
 * 503 + retry-after when storing failed — the transaction rolled back, so the platform's retry is safe.
 */
export async function acceptCallEnded(input: CallEndedInput): Promise<Response> {
  const field = input.data.direction === "inbound" ? "data.to" : "data.from";
  const accountId = await accountForAgentNumber(db, partiesOf(input.data).agentNumber, field);
  const limit = checkLocalRateLimit(`ingest:${accountId}`, INGEST_RATE_LIMIT);
  if (!limit.ok) throw AppError.tooManyRequests(limit.retryAfterSeconds, "Too many call events for this account. Retry shortly.");

  let result;
  try {
    result = await ingestCall(db, accountId, input);
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
