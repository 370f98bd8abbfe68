import type { AgentRow } from "@/db/queries/agents";

/** An agent as the API shows it (docs/architecture.md §4): `name` is the owner's, null until they give one. */
export function agentJson(a: Pick<AgentRow, "id" | "name" | "number" | "platform" | "platformAgentId">) {
  return { id: a.id, name: a.name, number: a.number, platform: a.platform, platform_agent_id: a.platformAgentId };
}
