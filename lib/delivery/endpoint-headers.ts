import type { StoredHeader } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { headerNameProblem } from "@/lib/post-call-actions/headers";

/**
 * A webhook action's custom headers, decrypted for one attempt. Names are lower-cased so that, merged
 * under ours, a header can never reach the receiver twice; a name refused today (stored before a rule
 * was added) is left out rather than sent. Never log the result.
 */
export function endpointHeaders(stored: StoredHeader[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of stored) {
    if (headerNameProblem(h.name)) continue;
    out[h.name.toLowerCase()] = decryptSecret(h.valueEncrypted);
  }
  return out;
}
