import { db } from "@/db";
import { AppError } from "@/lib/errors";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import type { CallEndedInput } from "./event-schema";
import { ingestCall, partiesOf } from "./ingest-call";
import { JsonReply } from "./reply";
import { withStoreDeadline } from "./store-deadline";

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
 * The shared tail of the native call-end sources (the signed endpoint and the Twilio adapter):
 * rate-limit per agent number, then route and store in one statement. 202 for a new call, 200 for one
 * we already had, and 503 + retry-after when storing failed or passed its deadline
 * (lib/ingest/store-deadline.ts): the platform's retry is safe, a stored event being recognised by its id.
 */
export async function acceptCallEnded(input: CallEndedInput): Promise<JsonReply> {
  const field = input.data.direction === "inbound" ? "data.to" : "data.from";
  checkIngestRateLimit(partiesOf(input.data).agentNumber, "Too many call events for this number. Retry shortly.");
  const result = await withStoreDeadline(() => ingestCall(db, input, field));
  return new JsonReply(result.created ? 202 : 200, { call_id: result.callId });
}
