import { z } from "zod";

/**
 * Agents (docs/architecture.md §1, "Agents"): the zod schemas the Agents page, `PATCH /api/v1/agents/{id}`
 * and the post-call action's `agents` field share. Plain zod, no server code: forms import it too.
 */

export const AGENT_NAME_MAX = 60;

/** An agent id as we issue them (lib/ids.ts): `agt_` and lower-case letters and digits. */
export const agentIdSchema = z.string().regex(/^agt_[0-9a-z]{1,40}$/, "Not an agent id (they look like agt_…).");

/** A name, or blank / null to go back to the number or platform id. */
export const renameAgentSchema = z.object({
  name: z
    .string({ message: "Enter a name, or leave it blank to show the number." })
    .trim()
    .max(AGENT_NAME_MAX, `Keep the name under ${AGENT_NAME_MAX} characters.`)
    .nullable()
    .transform((v) => v || null),
});

export type RenameAgentInput = z.input<typeof renameAgentSchema>;

/** An action's routing: the agents it runs for, each once; empty (the default) runs for every agent. */
export const actionAgentsSchema = z
  .array(agentIdSchema)
  .max(100, "Route an action to at most 100 agents.")
  .default([])
  .transform((ids) => [...new Set(ids)]);
