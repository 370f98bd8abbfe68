"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ACCOUNT_COOKIE, requireMember } from "@/lib/member";

/** Switches the current account; only to one the user is a member of. */
export async function switchAccount(formData: FormData) {
  const accountId = z.string().min(1).parse(formData.get("accountId"));
  const member = await requireMember();
  if (!member.accounts.some((a) => a.accountId === accountId))
    throw AppError.forbidden("You are not a member of that account.");
  (await cookies()).set(ACCOUNT_COOKIE, accountId, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 365 * 86400,
  });
  redirect("/");
}
