"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { renameAgent } from "@/db/queries/agents";
import { agentIdSchema, renameAgentSchema } from "@/lib/agents/schema";
import { runAction } from "@/lib/action-result";
import { CAN_EDIT, requireRole } from "@/lib/member";

const renameInput = renameAgentSchema.extend({ id: agentIdSchema });

/** Names an agent; the role is checked before the input is read, so a viewer learns nothing from validation. */
export async function renameAgentAction(raw: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const { id, name } = renameInput.parse(raw);
    const row = await renameAgent(db, member.accountId, id, name, { userId: member.userId, label: member.email });
    revalidatePath("/settings/agents");
    return { name: row.name };
  });
}
