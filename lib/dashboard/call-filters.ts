import { z } from "zod";
import { callStatusEnum } from "@/db/schema";
import { agentIdSchema } from "@/lib/agents/schema";

/** The calls list's filters, read from the URL; anything malformed is dropped rather than an error page. */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(v)));
const drop = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);

export const callFiltersSchema = z.object({
  status: drop(z.enum(callStatusEnum.enumValues)),
  agent: drop(agentIdSchema),
  from: drop(date),
  to: drop(date),
  q: drop(z.string().trim().max(100).transform((v) => v || undefined)),
  cursor: drop(z.string().max(200)),
});

export type CallFiltersInput = z.infer<typeof callFiltersSchema>;

export function firstValues(params: Record<string, string | string[] | undefined>) {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
}
