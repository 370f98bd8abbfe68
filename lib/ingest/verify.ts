import { verifySignature } from "@/lib/delivery/sign";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { InboundRequest } from "./read-body";

const MESSAGES = {
  missing_headers: "Sign the request: webhook-id, webhook-timestamp and webhook-signature are required.",
  bad_timestamp: "webhook-timestamp must be unix seconds.",
  stale_timestamp: "webhook-timestamp is more than 300 seconds from now.",
  bad_signature: "webhook-signature does not match the body.",
} as const;

/** Standard Webhooks v1 with TELEPHONY_WEBHOOK_SECRET; returns the webhook-id (the event's idempotency key). */
export function verifyPlatformSignature(request: InboundRequest, raw: Buffer): string {
  const headers = {
    id: request.headers.get("webhook-id"),
    timestamp: request.headers.get("webhook-timestamp"),
    signature: request.headers.get("webhook-signature"),
  };
  const failure = verifySignature(getEnv().TELEPHONY_WEBHOOK_SECRET, headers, raw);
  if (failure) throw new AppError(401, "invalid_signature", MESSAGES[failure]);
  if (headers.id!.length > 200) throw new AppError(401, "invalid_signature", "webhook-id is too long.");
  return headers.id!;
}
