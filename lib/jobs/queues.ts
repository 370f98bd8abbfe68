import type { Queue } from "pg-boss";

/**
 * Every pg-boss queue and its options, created (or brought up to date) by db/migrate.ts.
 *
 * - `notify`: pg-boss sends a NOTIFY when a job is created (ingest sends the same one from its own
 *   statement), so the worker's listener wakes a slot at once instead of waiting for a poll.
 * - `policy: "singleton"` + `singletonKey = deliveryId` (lib/jobs/queue.ts): at most one job per
 *   delivery is active at a time, so a retry job, a resend and a crash-recovered job never send the
 *   same delivery concurrently. Queued jobs for the key still wait their turn.
 * - `heartbeatSeconds`: the worker refreshes a running job's heartbeat every 5 s; a job whose worker
 *   died (SIGKILL, lost host) misses it and the monitor (every 10 s, lib/jobs/worker.ts) fails it into
 *   a retry, so it is taken up again in ~10–25 s, well within a minute. `expireInSeconds` is only the
 *   hard ceiling for a live handler that hangs (a delivery is bounded by its 10 s wait + 10 s timeout).
 * - `retryLimit`/`retryDelay`: pg-boss retries are for crashes and unexpected errors only; a provider
 *   or endpoint failure is retried on our own schedule (lib/delivery/retry.ts) by a new job.
 * - `deadLetter`: a delivery job that exhausts those retries (a crash loop, a poison payload) is moved
 *   to `delivery_dead_letter`, whose handler ends the delivery `failed` (reason `worker_failed`) and
 *   refunds it (lib/jobs/handlers/dead-letter.ts), so no delivery stays pending forever. It comes first:
 *   db/migrate.ts creates the queues in this order, and a dead letter queue must exist before its source.
 */
export const QUEUE_OPTIONS = {
  delivery_dead_letter: {
    policy: "standard",
    notify: false,
    expireInSeconds: 60,
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 600,
    retentionSeconds: 7 * 86400,
    deleteAfterSeconds: 30 * 86400,
  },
  delivery: {
    deadLetter: "delivery_dead_letter",
    policy: "singleton",
    notify: true,
    expireInSeconds: 120,
    heartbeatSeconds: 10,
    retryLimit: 50,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 300,
    retentionSeconds: 2 * 86400,
    deleteAfterSeconds: 7 * 86400,
  },
  maintenance: { policy: "standard", notify: false, expireInSeconds: 300, retryLimit: 3, retentionSeconds: 86400 },
} satisfies Record<string, Omit<Queue, "name">>;

export type QueueName = keyof typeof QUEUE_OPTIONS;
