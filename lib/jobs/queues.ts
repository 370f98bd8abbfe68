import type { Queue } from "pg-boss";

/**
 * Every pg-boss queue and its options, created by db/migrate.ts. `notify` makes pg-boss send a
 * NOTIFY when a job is created, so workers wake at once instead of waiting for a poll.
 * `expireInSeconds` bounds how long a job may stay active: a job whose worker died is retried after it.
 */
export const QUEUE_OPTIONS = {
  delivery: { notify: true, expireInSeconds: 45, retryLimit: 1000, retryDelay: 1, retentionSeconds: 7 * 86400 },
  maintenance: { notify: false, expireInSeconds: 300, retryLimit: 3, retentionSeconds: 86400 },
} satisfies Record<string, Omit<Queue, "name">>;

export type QueueName = keyof typeof QUEUE_OPTIONS;
