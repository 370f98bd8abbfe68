"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { deleteRecording } from "@/db/queries/calls";
import { runAction } from "@/lib/action-result";
import { requireRole } from "@/lib/member";

const input = z.object({ callId: z.string().min(1).max(100) });

/** Owners only: the recording's links answer 410 from now on. */
export async function deleteRecordingAction(raw: unknown) {
  return runAction(async () => {
    const { callId } = input.parse(raw);
    const member = await requireRole(["owner"]);
    await deleteRecording(db, member.accountId, callId, { userId: member.userId, label: member.email });
    revalidatePath(`/calls/${callId}`);
  });
}
