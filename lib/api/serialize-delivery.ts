import type { deliveries, deliveryAttempts } from "@/db/schema";

type DeliveryRow = Pick<
  typeof deliveries.$inferSelect,
  "id" | "callId" | "channel" | "destination" | "status" | "reason" | "test" | "messageId" | "credits" | "createdAt"
>;
type AttemptRow = typeof deliveryAttempts.$inferSelect;

/** A delivery as the public API shows it (the Delivery schema of the OpenAPI document). */
export function serializeDelivery(d: DeliveryRow, attempts: AttemptRow[] = []) {
  return {
    id: d.id,
    call_id: d.callId,
    channel: d.channel,
    to: d.destination,
    status: d.status,
    reason: d.reason,
    test: d.test,
    webhook_id: d.messageId,
    credits: d.credits,
    created_at: d.createdAt.toISOString(),
    attempts: attempts.map((a) => ({
      number: a.attemptNumber,
      started_at: a.startedAt.toISOString(),
      outcome: a.outcome,
      status_code: a.statusCode,
      latency_ms: a.latencyMs,
      error: a.error,
      response_body: a.responseBody,
    })),
  };
}
