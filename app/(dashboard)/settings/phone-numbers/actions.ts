"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { addAgentNumber, removeAgentNumber } from "@/db/queries/agent-numbers";
import { runAction } from "@/lib/action-result";
import { AppError } from "@/lib/errors";
import { CAN_EDIT, requireRole } from "@/lib/member";
import { formatPhone, toE164 } from "@/lib/phone";
import { addNumberSchema, removeNumberSchema } from "./schema";

export async function addNumberAction(raw: unknown) {
  return runAction(async () => {
    const input = addNumberSchema.parse(raw);
    const member = await requireRole(CAN_EDIT);
    const account = await getAccount(db, member.accountId);
    const country = account?.defaultCountry ?? "AU";
    const e164 = toE164(input.number, country);
    if (!e164) {
      const message = `This is not a valid phone number for ${country}. Include the country code for other countries, like +1 415 555 0100.`;
      throw AppError.badRequest(message, [{ field: "number", message }]);
    }
    await addAgentNumber(db, member.accountId, { e164, label: input.label || null }, { userId: member.userId, label: member.email });
    revalidatePath("/settings/phone-numbers");
    return { e164, display: formatPhone(e164) };
  });
}

export async function removeNumberAction(raw: unknown) {
  return runAction(async () => {
    const { id } = removeNumberSchema.parse(raw);
    const member = await requireRole(CAN_EDIT);
    await removeAgentNumber(db, member.accountId, id, { userId: member.userId, label: member.email });
    revalidatePath("/settings/phone-numbers");
  });
}
