import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { agents } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { AppError, type FieldError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { PlatformName } from "@/lib/platforms/types";

/**
 * Agents (docs/architecture.md §1, "Agents"): an agent number, or a voice platform's agent id, with the
 * owner's name for it. Ingest creates them inside its one statement (`agentCtes`); people list and
 * rename them; post-call actions are routed by their ids.
 */

export type AgentRow = Awaited<ReturnType<typeof listAgents>>[number];

/** The account's agents, oldest first, with their latest call. */
export async function listAgents(db: Db, accountId: string) {
  return db
    .select({
      id: agents.id,
      name: agents.name,
      number: agents.number,
      platform: agents.platform,
      platformAgentId: agents.platformAgentId,
      createdAt: agents.createdAt,
      // calls_agent_ended_idx answers this from its first entry. Spelled out: drizzle leaves a one-table
      // select's columns unqualified, which inside this subquery would mean the call's own id.
      lastCallAt: sql<Date | null>`(select max(c.ended_at) from calls c where c.agent_id = "agents"."id")`.mapWith((v) =>
        v === null ? null : new Date(v),
      ),
    })
    .from(agents)
    .where(eq(agents.accountId, accountId))
    .orderBy(asc(agents.createdAt), asc(agents.id));
}

/** Names an agent (null: back to its number or platform id). 404 when it is not this account's. */
export async function renameAgent(db: Db, accountId: string, id: string, name: string | null, actor: Actor) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(agents)
      .set({ name, updatedAt: new Date() })
      .where(and(eq(agents.accountId, accountId), eq(agents.id, id)))
      .returning();
    if (!row) throw AppError.notFound("That agent does not exist.");
    await audit(tx, { accountId, actor, action: "agent.renamed", target: id, meta: { name } });
    return row;
  });
}

/**
 * Refuses agent ids that are not the account's (unknown, or another account's: the same answer, so
 * nothing leaks), naming each as `actions[i].agents[j]`. In the caller's transaction.
 */
export async function assertAgentIds(tx: Db | Tx, accountId: string, lists: string[][]) {
  const wanted = [...new Set(lists.flat())];
  if (wanted.length === 0) return;
  const found = new Set(
    (await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.accountId, accountId), inArray(agents.id, wanted)))).map((r) => r.id),
  );
  const fields: FieldError[] = [];
  lists.forEach((ids, i) =>
    ids.forEach((id, j) => {
      if (!found.has(id)) fields.push({ field: `actions[${i}].agents[${j}]`, message: `No agent ${id} in this account.` });
    }),
  );
  if (fields.length > 0) {
    throw AppError.unprocessable(
      fields.length === 1 ? `${fields[0]!.message} GET /api/v1/agents lists them.` : "Some agents are not in this account. GET /api/v1/agents lists them.",
      fields,
    );
  }
}

/** The agent of a newly registered number, named by its label (Settings → Phone numbers), in the caller's transaction. */
export async function ensureNumberAgent(tx: Tx, accountId: string, e164: string, name: string | null) {
  await tx
    .insert(agents)
    .values({ id: newId("agt"), accountId, number: e164, name })
    .onConflictDoNothing({ target: [agents.accountId, agents.number], where: sql`${agents.platformAgentId} is null` });
}

/** How an ingest statement finds its call's agent: by the platform's agent id, by the agent number, or not at all. */
export type AgentMatch = "platformAgentId" | "number" | "none";

/** A platform agent id wins; else the agent number; neither: the call has no agent. */
export function agentMatchOf(key: { number: string | null; platform: PlatformName | null; platformAgentId: string | null }): AgentMatch {
  if (key.platform !== null && key.platformAgentId !== null) return "platformAgentId";
  return key.number ? "number" : "none";
}

/**
 * The CTEs of an ingest statement that find — or, on its first call, create — the call's agent, after a
 * CTE named `account` with `account_id`; the last, `agent`, yields its `id` (none: no agent).
 *
 * `match` (agentMatchOf) decides the statement's shape; `key` holds the values it interpolates — the
 * values themselves, or a reusable statement's placeholders (db/statement.ts) — and `newAgentId` the id
 * a new agent gets. The existing agent is read first and the insert runs
 * only when there is none, so the hot path takes no row lock and writes nothing. Two first calls at once:
 * the second insert finds the first's row committed and ON CONFLICT DO UPDATE returns it (a no-op update,
 * as DO NOTHING would return no row).
 */
export function agentCtes(match: AgentMatch, key: { number: unknown; platform: unknown; platformAgentId: unknown; newAgentId: unknown }): SQL {
  if (match === "none") return sql`agent as (select null::text as id where false)`;
  const byPlatformId = match === "platformAgentId";
  const found = byPlatformId
    ? sql`a.platform = ${key.platform}::platform and a.platform_agent_id = ${key.platformAgentId}::text`
    : sql`a.platform_agent_id is null and a.number = ${key.number}::text`;
  const target = byPlatformId
    ? sql`(account_id, platform, platform_agent_id) where platform_agent_id is not null`
    : sql`(account_id, number) where platform_agent_id is null`;
  return sql`
    agent_found as (select a.id from agents a join account on a.account_id = account.account_id where ${found}),
    agent_new as (
      insert into agents as a (id, account_id, number, platform, platform_agent_id)
      select ${key.newAgentId}, account_id, ${key.number}::text, ${byPlatformId ? key.platform : null}::platform,
             ${byPlatformId ? key.platformAgentId : null}::text
        from account
       where not exists (select 1 from agent_found)
      on conflict ${target} do update set number = coalesce(a.number, excluded.number)
      returning a.id
    ),
    agent as (select id from agent_found union all select id from agent_new)`;
}

/** One agent of the account, or null. */
export async function getAgent(db: Db, accountId: string, id: string) {
  const [row] = await db.select().from(agents).where(and(eq(agents.accountId, accountId), eq(agents.id, id)));
  return row ?? null;
}
