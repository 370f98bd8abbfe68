import { z } from "zod";
import { db } from "@/db";
import { giveUpDelivery } from "@/db/queries/delivery-lifecycle";
import { logger } from "@/lib/logger";

const log = logger("dead-letter");

/** What a dead-lettered delivery job still tells: its delivery, and (if readable) the attempt it was for. */
const deadJobSchema = z.object({
  deliveryId: z.string().min(1),
  attempt: z.number().int().positive().optional().catch(undefined),
});

export type DeadLetter = { data: unknown; sourceOutput?: object | null; sourceRetryCount?: number | null };

/**
 * A delivery job pg-boss gave up on after all its retries (lib/jobs/queues.ts): the worker crashed or
 * threw on every try. Its delivery ends `failed` (reason `worker_failed`) with its charge refunded,
 * unless it moved on meanwhile. A payload that names no delivery has nothing to end: it is logged.
 */
export async function handleDeadLetter(job: DeadLetter): Promise<"given_up" | "moved_on" | "unreadable"> {
  const parsed = deadJobSchema.safeParse(job.data);
  if (!parsed.success) {
    log.error({ data: job.data }, "dead-lettered delivery job names no delivery");
    return "unreadable";
  }
  const given = await giveUpDelivery(db, parsed.data, lastError(job));
  log.warn({ deliveryId: parsed.data.deliveryId, retries: job.sourceRetryCount ?? null, given }, "delivery job dead-lettered");
  return given ? "given_up" : "moved_on";
}

/** pg-boss keeps the failed job's error as its output: `{ message, stack, … }` (or whatever was thrown). */
function lastError(job: DeadLetter): string {
  const output = job.sourceOutput as { message?: unknown } | null | undefined;
  const message = typeof output?.message === "string" ? output.message : null;
  const tries = job.sourceRetryCount !== null && job.sourceRetryCount !== undefined ? ` after ${job.sourceRetryCount + 1} tries` : "";
  return `the worker failed${tries}${message ? ` (last error: ${message.slice(0, 500)})` : ""}.`;
}
