import type { CallStatus } from "@/db/schema";
import { CALL_STATUS_LABEL } from "@/lib/call-status";
import { MAX_ACTIONS_PER_ACCOUNT } from "@/lib/pricing";

/**
 * Plain data about actions, kept apart from schema.ts so the page's client code can use it without
 * loading zod (schema.ts re-exports it for everything else).
 */
export const CALL_STATUSES = ["completed", "no-answer", "busy", "failed", "canceled"] as const satisfies readonly CallStatus[];

export const STATUS_LABEL: Record<CallStatus, string> = CALL_STATUS_LABEL;

export const LIMIT_MESSAGE = `An account can have at most ${MAX_ACTIONS_PER_ACCOUNT} post-call actions. Delete one to add another.`;
