import { closeDb, db } from "@/db";
import { ownedAccount } from "@/db/queries/accounts";
import { listAgentNumbers } from "@/db/queries/agent-numbers";
import { AppError } from "@/lib/errors";
import { resolveDatabase } from "./database";

export const SIMULATE_TARGET_HELP =
  "Say whose calls these are: --email <owner email> (that account's first agent number), or --agent-number <agent number> (also --to). " +
  "The demo workspace is --email owner@example.com.";

/**
 * The agent number the simulator's calls are addressed to, which decides the account they land in.
 * There is no default: a silent default (the demo's number) once sent a new workspace's test calls,
 * and their credits, to the demo account.
 */
export async function simulateTarget(opts: { email?: string; to?: string; account?: string }): Promise<{ to: string; account: string | null }> {
  if (opts.to) return { to: opts.to, account: null };
  if (!opts.email) throw new AppError(400, "bad_request", SIMULATE_TARGET_HELP);
  const { url, embedded } = await resolveDatabase(() => {});
  process.env.DATABASE_URL = url;
  try {
    const owned = await ownedAccount(db, opts.email, opts.account);
    const [number] = await listAgentNumbers(db, owned.accountId);
    if (!number) {
      throw AppError.unprocessable(
        `${owned.name} has no agent number yet: add one under Settings → Phone numbers (the Overview's checklist links there), then run this again.`,
      );
    }
    return { to: number.e164, account: owned.name };
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}
