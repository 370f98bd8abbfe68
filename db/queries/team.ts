import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, invitations, memberships, users, type Role } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { sha256Hex } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

export const INVITATION_DAYS = 7;
export type TeamActor = Actor & { userId: string; email: string };

export async function listMembers(db: Db, accountId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(memberships.createdAt), asc(users.email));
}

/** Invitations not yet accepted, withdrawn or expired. */
export async function listPendingInvitations(db: Db, accountId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.accountId, accountId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

/**
 * The actor's membership rows of the account, locked: every team change locks the account's
 * memberships first, so two owners demoting each other at once cannot both succeed.
 */
async function lockTeam(tx: Tx, accountId: string) {
  return tx
    .select({ userId: memberships.userId, role: memberships.role, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(memberships.userId))
    .for("update", { of: memberships });
}

type Team = Awaited<ReturnType<typeof lockTeam>>;

function requireOwner(team: Team, actor: TeamActor, what: string) {
  const me = team.find((m) => m.userId === actor.userId);
  if (!me) throw AppError.forbidden("You are not a member of this account.");
  if (me.role !== "owner") throw AppError.forbidden(`Only owners can ${what}.`);
  return me;
}

function ownersLeftAfter(team: Team, change: { userId: string; role: Role | null }) {
  return team.filter((m) => (m.userId === change.userId ? change.role === "owner" : m.role === "owner"))
    .length;
}

/** Creates an invitation and returns its token (only its SHA-256 is stored). Owners only. */
export async function createInvitation(
  db: Db,
  actor: TeamActor,
  accountId: string,
  input: { email: string; role: Role },
) {
  const email = input.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const team = await lockTeam(tx, accountId);
    requireOwner(team, actor, "invite members");
    if (team.some((m) => m.email.toLowerCase() === email))
      throw AppError.conflict(`${email} is already a member of this account.`);
    // A second invitation to the same address replaces the first, so only the newest link works.
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.accountId, accountId),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      );
    const token = randomBytes(32).toString("base64url");
    const id = newId("inv");
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000);
    await tx
      .insert(invitations)
      .values({
        id,
        accountId,
        email,
        role: input.role,
        tokenHash: sha256Hex(token),
        invitedBy: actor.userId,
        expiresAt,
      });
    await audit(tx, {
      accountId,
      actor,
      action: "member.invited",
      target: email,
      meta: { role: input.role, invitationId: id },
    });
    const [account] = await tx
      .select({ name: accounts.name })
      .from(accounts)
      .where(eq(accounts.id, accountId));
    return { id, token, email, expiresAt, accountName: account!.name };
  });
}

export async function revokeInvitation(db: Db, actor: TeamActor, accountId: string, invitationId: string) {
  await db.transaction(async (tx) => {
    requireOwner(await lockTeam(tx, accountId), actor, "withdraw invitations");
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, invitationId),
          eq(invitations.accountId, accountId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ email: invitations.email });
    if (!row) throw AppError.notFound("That invitation was already accepted or withdrawn.");
    await audit(tx, { accountId, actor, action: "member.invitation_revoked", target: row.email });
  });
}

/** What the invitation page shows before accepting; null when the token matches nothing. */
export async function findInvitation(db: Db, token: string) {
  const [row] = await db
    .select({
      id: invitations.id,
      accountId: invitations.accountId,
      accountName: accounts.name,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(eq(invitations.tokenHash, sha256Hex(token)));
  return row ?? null;
}

export function invitationProblem(
  inv: NonNullable<Awaited<ReturnType<typeof findInvitation>>> | null,
  now = new Date(),
): string | null {
  if (!inv)
    return "This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.";
  if (inv.acceptedAt)
    return "This invitation was already used. Sign in to open the account, or ask an owner for a new invitation.";
  if (inv.revokedAt) return "This invitation was withdrawn. Ask an owner of the account for a new one.";
  if (inv.expiresAt <= now)
    return "This invitation has expired (invitations last 7 days). Ask an owner of the account for a new one.";
  return null;
}

/**
 * Accepts an invitation for the signed-in user: adds the membership and marks the invitation used,
 * in one transaction with the invitation row locked, so a link works exactly once.
 */
export async function acceptInvitation(db: Db, user: { id: string; email: string }, token: string) {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, sha256Hex(token)))
      .for("update");
    const problem = invitationProblem(inv ? { ...inv, accountName: "" } : null);
    if (problem) throw AppError.unprocessable(problem);
    if (inv!.email.toLowerCase() !== user.email.toLowerCase()) {
      throw AppError.forbidden(
        `This invitation is for ${inv!.email}, but you are signed in as ${user.email}. Sign out and sign in as ${inv!.email}.`,
      );
    }
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.accountId, inv!.accountId), eq(memberships.userId, user.id)));
    if (existing) throw AppError.conflict(`You are already a member of this account (as ${existing.role}).`);
    await tx.insert(memberships).values({ userId: user.id, accountId: inv!.accountId, role: inv!.role });
    await tx.update(invitations).set({ acceptedAt: new Date() }).where(eq(invitations.id, inv!.id));
    await audit(tx, {
      accountId: inv!.accountId,
      actor: { userId: user.id, label: user.email },
      action: "member.joined",
      target: user.email,
      meta: { role: inv!.role, invitationId: inv!.id },
    });
    return { accountId: inv!.accountId, role: inv!.role };
  });
}

/** Owners only; the last owner cannot be demoted. */
export async function changeRole(db: Db, actor: TeamActor, accountId: string, userId: string, role: Role) {
  await db.transaction(async (tx) => {
    const team = await lockTeam(tx, accountId);
    requireOwner(team, actor, "change roles");
    const target = team.find((m) => m.userId === userId);
    if (!target) throw AppError.notFound("That person is not a member of this account.");
    if (target.role === role) return;
    if (ownersLeftAfter(team, { userId, role }) === 0) {
      throw AppError.conflict(`${target.email} is the last owner. Make someone else an owner first.`);
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
    await audit(tx, {
      accountId,
      actor,
      action: "member.role_changed",
      target: target.email,
      meta: { from: target.role, to: role },
    });
  });
}

/** Owners remove anyone; anyone may remove themselves (leave). The last owner stays. */
export async function removeMember(db: Db, actor: TeamActor, accountId: string, userId: string) {
  await db.transaction(async (tx) => {
    const team = await lockTeam(tx, accountId);
    const leaving = userId === actor.userId;
    if (!leaving) requireOwner(team, actor, "remove members");
    const target = team.find((m) => m.userId === userId);
    if (!target)
      throw AppError.notFound(
        leaving ? "You are not a member of this account." : "That person is not a member of this account.",
      );
    if (ownersLeftAfter(team, { userId, role: null }) === 0) {
      throw AppError.conflict(
        leaving
          ? "You are the last owner, so you can't leave. Make someone else an owner first."
          : `${target.email} is the last owner. Make someone else an owner first.`,
      );
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, userId)));
    await audit(tx, {
      accountId,
      actor,
      action: leaving ? "member.left" : "member.removed",
      target: target.email,
      meta: { role: target.role },
    });
  });
}

/** Whether an email has an open invitation: a new user who signs up through one gets no workspace of their own. */
export async function hasOpenInvitation(db: Db, email: string) {
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(
        eq(invitations.email, email.toLowerCase()),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .limit(1);
  return Boolean(row);
}
