import { db } from "@/db";
import { AppError, isConnectionError, isUnstorableText, problem, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import type { CallEndedInput } from "./event-schema";
import { ingestCall, partiesOf } from "./ingest-call";

const log = logger("ingest");

/**
 * Per agent number (or connection) and web process. Generous — 2,000 events/s — so a busy platform is
 * never throttled; it only stops a runaway sender from draining an account's credits. Checked before
 * touching the database.
 */
export const INGEST_RATE_LIMIT = { limit: 120_000, windowSeconds: 60 };

export function checkIngestRateLimit(key: string, message: string) {
  const limit = checkLocalRateLimit(`ingest:${key}`, INGEST_RATE_LIMIT);
  if (!limit.ok) throw AppError.tooManyRequests(limit.retryAfterSeconds, message);
}

/**
 * Runs an ingest statement, or answers what its failure means: an AppError as itself, text the
 * database cannot store as 400 (a retry would fail the same way), anything else as 503 + retry-after —
 * the statement is atomic, so nothing was kept and the platform's retry is safe.
 */
export async function storeOrRefuse<T>(store: () => Promise<T>): Promise<T | Response> {
  try {
    return await store();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isUnstorableText(error)) throw AppError.badRequest(UNSTORABLE_TEXT_MESSAGE);
    log.error({ err: error, connection: isConnectionError(error) }, "storing a call failed; nothing was kept");
    return problem(503, "The call could not be stored. Nothing was kept; retry shortly.", {
      code: "unavailable",
      headers: { "retry-after": "5" },
    });
  }
}

/**
 * The shared tail of the native call-end sources (the signed endpoint and the Twilio adapter):
 * rate-limit per agent number, then route and store in one statement. 202 for a new call, 200 for one
 * we already had, 503 + retry-after when storing failed.
 */
export async function acceptCallEnded(input: CallEndedInput): Promise<Response> {
  const field = input.data.direction === "inbound" ? "data.to" : "data.from";
  checkIngestRateLimit(partiesOf(input.data).agentNumber, "Too many call events for this number. Retry shortly.");
  const result = await storeOrRefuse(() => ingestCall(db, input, field));
  if (result instanceof Response) return result;
  return Response.json({ call_id: result.callId }, { status: result.created ? 202 : 200 });
}
