"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { setLowBalanceThreshold } from "@/db/queries/credits";
import { runAction, type ActionResult } from "@/lib/action-result";
import { maybeAlertLowBalance } from "@/lib/low-balance";
import { requireRole } from "@/lib/member";
import { thresholdSchema } from "./schema";

export async function saveThreshold(input: unknown): Promise<ActionResult<{ threshold: number | null }>> {
  return runAction(async () => {
    const member = await requireRole(["owner"]);
    const { threshold } = thresholdSchema.parse(input);
    const value = threshold === "" ? null : Number(threshold);
    await setLowBalanceThreshold(db, { userId: member.userId, label: member.email }, member.accountId, value);
    // Already below the new threshold: the owners hear about it now, not at the next charge.
    await maybeAlertLowBalance(db, member.accountId);
    revalidatePath("/credits");
    return { threshold: value };
  });
}
