"use server";

import { getCountries } from "libphonenumber-js";
import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { updateAccountSettings } from "@/db/queries/accounts";
import { runAction, type ActionResult } from "@/lib/action-result";
import { AppError } from "@/lib/errors";
import { requireRole } from "@/lib/member";
import { settingsSchema } from "./schema";

/** Owners only: checked here and again inside the query's transaction. */
export async function saveSettings(input: unknown): Promise<ActionResult<{ changed: string[] }>> {
  return runAction(async () => {
    const member = await requireRole(["owner"]);
    const values = settingsSchema.parse(input);
    // The country list stays on the server (libphonenumber's metadata is too heavy for the form).
    if (!(getCountries() as string[]).includes(values.defaultCountry)) {
      throw AppError.badRequest("Some fields need attention.", [
        { field: "defaultCountry", message: "Choose a country from the list." },
      ]);
    }
    const result = await updateAccountSettings(
      db,
      { userId: member.userId, label: member.email },
      member.accountId,
      values,
    );
    revalidatePath("/", "layout");
    return result;
  });
}
