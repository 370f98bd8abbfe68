import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { GettingStartedFacts } from "@/lib/getting-started";

/** What the getting-started checklist needs to know about one account, in one round trip. */
export async function gettingStartedFacts(db: Db, accountId: string): Promise<GettingStartedFacts> {
  const [row] = await db.execute<{ numbers: boolean; connections: boolean; actions: boolean; calls: boolean; platform_calls: boolean }>(sql`
    select exists (select 1 from agent_numbers where account_id = ${accountId}) as numbers,
           exists (select 1 from connections where account_id = ${accountId}) as connections,
           exists (select 1 from post_call_actions where account_id = ${accountId}) as actions,
           exists (select 1 from calls where account_id = ${accountId}) as calls,
           exists (select 1 from calls where account_id = ${accountId} and not sample) as platform_calls`);
  return {
    hasAgentNumber: Boolean(row?.numbers),
    hasConnection: Boolean(row?.connections),
    hasAction: Boolean(row?.actions),
    hasCall: Boolean(row?.calls),
    hasPlatformCall: Boolean(row?.platform_calls),
  };
}
