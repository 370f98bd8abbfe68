import { db } from "@/db";
import { AppError, isConnectionError, problem } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { checkRateLimit } from "@/lib/rate-limit";
import type { CallEndedInput } from "./event-schema";
import { accountForAgentNumber, ingestCall, partiesOf } from "./ingest-call";

const log = logger("ingest");

/** Generous: a busy account's agents end far fewer calls than this; it only stops a runaway sender. */
export const INGEST_RATE_LIMIT = { limit: 1200, windowSeconds: 60 };

/**
 * The shared tail of every call-end source (the signed endpoint and the Twilio adapter): route by the
 * agent number, rate-limit per account, store. 202 for a new call, 200 for one we already had, and
 * 503 + retry-after when storing failed — the transaction rolled back, so the platform's retry is safe.
 */
export async function acceptCallEnded(input: CallEndedInput): Promise<Response> {
  const field = input.data.direction === "inbound" ? "data.to" : "data.from";
  const accountId = await accountForAgentNumber(db, partiesOf(input.data).agentNumber, field);
  const limit = await checkRateLimit(`ingest:${accountId}`, INGEST_RATE_LIMIT);
  if (!limit.ok) throw AppError.tooManyRequests(limit.retryAfterSeconds, "Too many call events for this account. Retry shortly.");

  let result;
  try {
    result = await ingestCall(db, accountId, input);
  } catch (error) {
    if (error instanceof AppError) throw error;
    log.error({ err: error, connection: isConnectionError(error) }, "storing a call failed; nothing was kept");
    return problem(503, "The call could not be stored. Nothing was kept; retry shortly.", {
      code: "unavailable",
      headers: { "retry-after": "5" },
    });
  }
  return Response.json({ call_id: result.callId }, { status: result.created ? 202 : 200 });
}
