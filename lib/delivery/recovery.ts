import type { Db } from "@/db";
import { recoverFailedWebhooks, type RecoveryResult } from "@/db/queries/webhook-recovery";
import type { Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { checkRateLimit } from "@/lib/rate-limit";
import { parseRecoverInput, RECOVER_MAX, RECOVER_RATE_LIMIT, recoverLimitKey } from "./recovery-input";

/**
 * The one entry to "resend everything that failed since …", for the server action and the API route:
 * the input checked (a ZodError naming the field), the account's recovery rate limit counted (a 429
 * with retry-after), then at most RECOVER_MAX deliveries queued again in one transaction.
 */
export async function recoverWebhooks(db: Db, accountId: string, raw: unknown, actor: Actor, now = new Date()): Promise<RecoveryResult & { limit: number }> {
  const input = parseRecoverInput(raw, now);
  const rate = await checkRateLimit(recoverLimitKey(accountId), RECOVER_RATE_LIMIT);
  if (!rate.ok) {
    throw AppError.tooManyRequests(
      rate.retryAfterSeconds,
      `Recovery is limited to ${RECOVER_RATE_LIMIT.limit} requests per ${RECOVER_RATE_LIMIT.windowSeconds / 60} minutes. Try again in ${rate.retryAfterSeconds} s.`,
    );
  }
  const result = await recoverFailedWebhooks(db, accountId, input, actor, { limit: RECOVER_MAX });
  return { ...result, limit: RECOVER_MAX };
}
