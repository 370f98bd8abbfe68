import { MAX_RETRY_AFTER_SECONDS, WEBHOOK_RETRY_SECONDS } from "@/lib/delivery/retry";
import { MAX_RESPONSE_BYTES, STORED_RESPONSE_BYTES, USER_AGENT, WEBHOOK_TIMEOUT_MS } from "@/lib/delivery/webhook";

/**
 * The delivery engine's numbers as the guide states them, read from the modules that enforce them, so
 * the guide has one source of truth. Two live in modules too heavy for a public page (the worker's
 * handler, the secrets queries): they are stated here and facts.test.ts checks them against the source.
 */
export const RETRY_SECONDS = WEBHOOK_RETRY_SECONDS;
export const ATTEMPTS = WEBHOOK_RETRY_SECONDS.length + 1;
export const TIMEOUT_SECONDS = WEBHOOK_TIMEOUT_MS / 1000;
export const READ_KIB = MAX_RESPONSE_BYTES / 1024;
export const STORED_KIB = STORED_RESPONSE_BYTES / 1024;
export const RETRY_AFTER_CAP_HOURS = MAX_RETRY_AFTER_SECONDS / 3600;
export { USER_AGENT };
/** = ENDPOINT_FAILING_DISABLE_MS of lib/jobs/handlers/deliver.ts. */
export const FAILING_DISABLE_DAYS = 5;
/** = ACTIONS_WAIT_MS of lib/jobs/handlers/deliver.ts. */
export const ACTIONS_WAIT_SECONDS = 10;
/** = ROTATION_GRACE_MS of db/queries/webhook-secrets.ts. */
export const ROTATION_GRACE_HOURS = 24;

/** 5 → "5 seconds", 7200 → "2 hours". */
export function humanDuration(seconds: number): string {
  const [n, unit] = seconds % 3600 === 0 ? [seconds / 3600, "hour"] : seconds % 60 === 0 ? [seconds / 60, "minute"] : [seconds, "second"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** The whole schedule's span at the base delays, rounded to hours ("about 28 hours"). */
export const TOTAL_HOURS = Math.round(WEBHOOK_RETRY_SECONDS.reduce((a, b) => a + b, 0) / 3600);
