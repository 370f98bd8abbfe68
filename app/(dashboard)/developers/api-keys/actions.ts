"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { createApiKey, revokeApiKey } from "@/db/queries/api-keys";
import { runAction } from "@/lib/action-result";
import { CAN_EDIT, requireRole } from "@/lib/member";
import { createApiKeySchema } from "./schema";

export async function createApiKeyAction(input: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const values = createApiKeySchema.parse(input);
    const created = await createApiKey(db, member.accountId, {
      ...values,
      createdBy: member.userId,
      actor: { userId: member.userId, label: member.email },
    });
    revalidatePath("/developers/api-keys");
    return { key: created.key, prefix: created.prefix };
  });
}

export async function revokeApiKeyAction(id: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    await revokeApiKey(db, member.accountId, z.string().min(1).parse(id), { userId: member.userId, label: member.email });
    revalidatePath("/developers/api-keys");
  });
}
