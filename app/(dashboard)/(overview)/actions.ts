"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { runAction, type ActionResult } from "@/lib/action-result";
import { sendSampleCall } from "@/lib/ingest/sample-call";
import { CAN_EDIT, requireRole } from "@/lib/member";

/** The checklist's "Send a sample call": owners and developers only (it sends messages, as tests). */
export async function sendSampleCallAction(): Promise<ActionResult<{ callId: string; deliveries: number }>> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const result = await sendSampleCall(db, member.accountId, { userId: member.userId, label: member.email });
    revalidatePath("/");
    revalidatePath("/calls");
    return { callId: result.callId, deliveries: result.deliveryIds.length };
  });
}
