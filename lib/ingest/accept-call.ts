import { db } from "@/db";
import { AppError } from "@/lib/errors";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import type { CallEndedInput } from "./event-schema";
import { ingestCall, partiesOf } from "./ingest-call";
import { withStoreDeadline } from "./store-deadline";

/**
 * Per agent number and web process. Generous — 2,000 events/s — so a busy platform is never throttled;
 * it only stops a runaway sender from draining an account's credits. Keyed by the number rather than
 * the account so it is checked before touching the database (routing happens inside the one insert).
 */
export const INGEST_RATE_LIMIT = { limit: 120_000, windowSeconds: 60 };

/**
 * The shared tail of every call-end source (the signed endpoint and the Twilio adapter): rate-limit per
 * agent number, then route and store in one statement. 202 for a new call, 200 for one we already had, and
 * 503 + retry-after when storing failed or passed its deadline (lib/ingest/store-deadline.ts): the
 * platform's retry is safe, a stored event being recognised by its id.
 */
export async function acceptCallEnded(input: CallEndedInput): Promise<Response> {
  const field = input.data.direction === "inbound" ? "data.to" : "data.from";
  const limit = checkLocalRateLimit(`ingest:${partiesOf(input.data).agentNumber}`, INGEST_RATE_LIMIT);
  if (!limit.ok) throw AppError.tooManyRequests(limit.retryAfterSeconds, "Too many call events for this number. Retry shortly.");

  const result = await withStoreDeadline(() => ingestCall(db, input, field));
  return Response.json({ call_id: result.callId }, { status: result.created ? 202 : 200 });
}
