import type { RecoveryProgress } from "@/db/queries/webhook-recovery";

/** A recovery as the public API shows it (snake_case, ISO dates). */
export function serializeRecovery(p: RecoveryProgress) {
  return {
    id: p.id,
    to: p.destination,
    since: p.since.toISOString(),
    created_at: p.createdAt.toISOString(),
    queued_total: p.total,
    more: p.more,
    progress: { queued: p.queued, delivered: p.delivered, still_failing: p.stillFailing },
  };
}
