import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/db";
import { membershipsOf } from "@/db/queries/accounts";
import { ensureAccountFor } from "@/db/queries/signup";
import type { Role } from "@/db/schema";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";

export type Member = {
  userId: string;
  email: string;
  name: string | null;
  accountId: string;
  accountName: string;
  role: Role;
  accounts: { accountId: string; accountName: string; role: Role }[];
};

export const ACCOUNT_COOKIE = "aftercall-account";

/**
 * The signed-in member and the account they are working in, or a redirect to /login. Cached per
 * request, so a layout and its page share one lookup.
 */
export const requireMember = cache(async (): Promise<Member> => {
  const session = await auth();
  const user = session?.user;
  if (!user?.id || !user.email) redirect("/login");
  let list = await membershipsOf(db, user.id);
  if (list.length === 0) {
    await ensureAccountFor(db, { id: user.id, email: user.email });
    list = await membershipsOf(db, user.id);
  }
  const chosen = (await cookies()).get(ACCOUNT_COOKIE)?.value;
  const current = list.find((m) => m.accountId === chosen) ?? list[0]!;
  return {
    userId: user.id,
    email: user.email,
    name: user.name ?? null,
    accountId: current.accountId,
    accountName: current.accountName,
    role: current.role,
    accounts: list,
  };
});

export const CAN_EDIT: Role[] = ["owner", "developer"];

export function can(member: Pick<Member, "role">, roles: Role[]): boolean {
  return roles.includes(member.role);
}

/** For server actions: the member, refused with 403 unless their role is one of `roles`. */
export async function requireRole(roles: Role[]): Promise<Member> {
  const member = await requireMember();
  if (!can(member, roles)) throw AppError.forbidden();
  return member;
}
