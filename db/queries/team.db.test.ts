import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { createAccountForUser, updateAccountSettings } from "@/db/queries/accounts";
import { setLowBalanceThreshold } from "@/db/queries/credits";
import { accounts, auditLog, invitations, memberships } from "@/db/schema";
import { addMember, makeUser } from "@/tests/two-accounts";
import {
  acceptInvitation,
  changeRole,
  createInvitation,
  findInvitation,
  invitationProblem,
  removeMember,
  revokeInvitation,
  type TeamActor,
} from "./team";

const actorOf = (u: { id: string; email: string }): TeamActor => ({
  userId: u.id,
  email: u.email,
  label: u.email,
});

async function team(accountId: string) {
  const rows = await db.select().from(memberships).where(eq(memberships.accountId, accountId));
  return Object.fromEntries(rows.map((r) => [r.userId, r.role]));
}

async function setup(tag: string) {
  const owner = await makeUser(`owner-${tag}@t.test`);
  const accountId = await createAccountForUser(db, { userId: owner.id, name: `Team ${tag}`, credits: 0 });
  const dev = await addMember(accountId, `dev-${tag}@t.test`, "developer");
  const viewer = await addMember(accountId, `viewer-${tag}@t.test`, "viewer");
  return { accountId, owner, dev, viewer };
}

describe("invitations", () => {
  it("invites by email, accepts once, and audits both", async () => {
    const { accountId, owner } = await setup("inv");
    const inv = await createInvitation(db, actorOf(owner), accountId, {
      email: "New.Person@T.test",
      role: "developer",
    });
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, inv.id));
    expect(stored!.tokenHash).not.toContain(inv.token);
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.email).toBe("new.person@t.test");
    expect(stored!.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 86400_000);

    const person = await makeUser("new.person@t.test");
    await expect(
      acceptInvitation(db, { id: person.id, email: "someone-else@t.test" }, inv.token),
    ).rejects.toThrow(/This invitation is for new.person@t.test/);
    const joined = await acceptInvitation(db, person, inv.token);
    expect(joined).toEqual({ accountId, role: "developer" });
    expect((await team(accountId))[person.id]).toBe("developer");

    // Reused link: precise message, nothing changes.
    await expect(acceptInvitation(db, person, inv.token)).rejects.toThrow(
      "This invitation was already used.",
    );
    const actions = (await db.select().from(auditLog).where(eq(auditLog.accountId, accountId))).map(
      (r) => r.action,
    );
    expect(actions).toEqual(["member.invited", "member.joined"]);
  });

  it("refuses an existing member, an expired link, a withdrawn link and an unknown link", async () => {
    const { accountId, owner, dev } = await setup("bad");
    await expect(
      createInvitation(db, actorOf(owner), accountId, { email: "DEV-bad@t.test", role: "viewer" }),
    ).rejects.toThrow("dev-bad@t.test is already a member of this account.");
    expect(await db.select().from(invitations).where(eq(invitations.accountId, accountId))).toEqual([]);

    const late = await createInvitation(db, actorOf(owner), accountId, {
      email: "late@t.test",
      role: "viewer",
    });
    await db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, late.id));
    const lateUser = await makeUser("late@t.test");
    await expect(acceptInvitation(db, lateUser, late.token)).rejects.toThrow(/has expired/);

    const gone = await createInvitation(db, actorOf(owner), accountId, {
      email: "gone@t.test",
      role: "viewer",
    });
    await revokeInvitation(db, actorOf(owner), accountId, gone.id);
    const goneUser = await makeUser("gone@t.test");
    await expect(acceptInvitation(db, goneUser, gone.token)).rejects.toThrow(/withdrawn/);

    await expect(acceptInvitation(db, goneUser, "not-a-token")).rejects.toThrow(/not valid/);
    expect(invitationProblem(await findInvitation(db, "not-a-token"))).toMatch(/not valid/);
    expect(Object.keys(await team(accountId))).toHaveLength(3);
    void dev;
  });

  it("a second invitation to the same address replaces the first", async () => {
    const { accountId, owner } = await setup("twice");
    const first = await createInvitation(db, actorOf(owner), accountId, {
      email: "twice@t.test",
      role: "viewer",
    });
    const second = await createInvitation(db, actorOf(owner), accountId, {
      email: "twice@t.test",
      role: "developer",
    });
    const u = await makeUser("twice@t.test");
    await expect(acceptInvitation(db, u, first.token)).rejects.toThrow(/withdrawn/);
    expect((await acceptInvitation(db, u, second.token)).role).toBe("developer");
  });

  it("only owners invite: developers and viewers are refused and nothing is stored", async () => {
    const { accountId, dev, viewer } = await setup("roles");
    for (const who of [dev, viewer]) {
      await expect(
        createInvitation(db, actorOf(who), accountId, { email: "x@t.test", role: "viewer" }),
      ).rejects.toThrow("Only owners can invite members.");
    }
    const outsider = await makeUser("outsider@t.test");
    await expect(
      createInvitation(db, actorOf(outsider), accountId, { email: "x@t.test", role: "viewer" }),
    ).rejects.toThrow(/not a member/);
    expect(await db.select().from(invitations).where(eq(invitations.accountId, accountId))).toEqual([]);
  });
});

describe("roles and the last owner", () => {
  it("the last owner can't be demoted, removed or leave; with a second owner they can", async () => {
    const { accountId, owner, dev } = await setup("last");
    const me = actorOf(owner);
    await expect(changeRole(db, me, accountId, owner.id, "developer")).rejects.toThrow(
      "owner-last@t.test is the last owner. Make someone else an owner first.",
    );
    await expect(removeMember(db, me, accountId, owner.id)).rejects.toThrow(
      "You are the last owner, so you can't leave. Make someone else an owner first.",
    );
    expect((await team(accountId))[owner.id]).toBe("owner");

    await changeRole(db, me, accountId, dev.id, "owner");
    await changeRole(db, me, accountId, owner.id, "viewer");
    const roles = await team(accountId);
    expect([roles[owner.id], roles[dev.id]]).toEqual(["viewer", "owner"]);
    const log = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, "member.role_changed")));
    expect(log.map((l) => l.meta)).toEqual([
      { from: "developer", to: "owner" },
      { from: "owner", to: "viewer" },
    ]);
  });

  it("two owners demoting each other at once leave one owner (row locks)", async () => {
    const { accountId, owner, dev } = await setup("race");
    await changeRole(db, actorOf(owner), accountId, dev.id, "owner");
    const results = await Promise.allSettled([
      changeRole(db, actorOf(owner), accountId, dev.id, "viewer"),
      changeRole(db, actorOf(dev), accountId, owner.id, "viewer"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const roles = Object.values(await team(accountId));
    expect(roles.filter((r) => r === "owner")).toHaveLength(1);
  });

  it("viewers and developers can't change roles, remove people or edit owner-only settings; anyone can leave", async () => {
    const { accountId, owner, dev, viewer } = await setup("perm");
    await expect(changeRole(db, actorOf(viewer), accountId, viewer.id, "owner")).rejects.toThrow(
      "Only owners can change roles.",
    );
    await expect(changeRole(db, actorOf(dev), accountId, viewer.id, "developer")).rejects.toThrow(
      "Only owners can change roles.",
    );
    await expect(removeMember(db, actorOf(viewer), accountId, dev.id)).rejects.toThrow(
      "Only owners can remove members.",
    );
    await expect(
      updateAccountSettings(db, actorOf(viewer), accountId, {
        name: "Hacked",
        defaultCountry: "US",
        timeZone: "UTC",
        recordingRetentionMonths: 1,
      }),
    ).rejects.toThrow("Only owners can change account settings.");
    await expect(setLowBalanceThreshold(db, actorOf(dev), accountId, 10)).rejects.toThrow(
      "Only owners can change the low-balance alert.",
    );
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account!.name).toBe("Team perm");
    expect(account!.lowBalanceThreshold).toBeNull();

    await removeMember(db, actorOf(viewer), accountId, viewer.id);
    await removeMember(db, actorOf(owner), accountId, dev.id);
    expect(Object.keys(await team(accountId))).toEqual([owner.id]);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.accountId, accountId))).map(
      (r) => r.action,
    );
    expect(actions).toEqual(["member.left", "member.removed"]);
  });

  it("an owner of one account can't touch another account's team", async () => {
    const a = await setup("xa");
    const b = await setup("xb");
    await expect(changeRole(db, actorOf(a.owner), b.accountId, b.dev.id, "owner")).rejects.toThrow(
      /not a member/,
    );
    await expect(removeMember(db, actorOf(a.owner), b.accountId, b.viewer.id)).rejects.toThrow(
      /not a member/,
    );
    await expect(changeRole(db, actorOf(a.owner), a.accountId, b.dev.id, "owner")).rejects.toThrow(
      /not a member of this account/,
    );
  });
});

describe("account settings", () => {
  it("an owner's change is saved and audited with what changed", async () => {
    const { accountId, owner } = await setup("set");
    const result = await updateAccountSettings(db, actorOf(owner), accountId, {
      name: "Renamed",
      defaultCountry: "NZ",
      timeZone: "Pacific/Auckland",
      recordingRetentionMonths: 3,
    });
    expect(result.changed.sort()).toEqual(["defaultCountry", "name", "recordingRetentionMonths", "timeZone"]);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
    expect(entry!.action).toBe("settings.updated");
    expect(entry!.meta).toMatchObject({ name: { from: "Team set", to: "Renamed" } });
  });
});
