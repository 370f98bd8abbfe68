import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listMembers, listPendingInvitations } from "@/db/queries/team";
import { formatDateTime } from "@/lib/format-time";
import { can, requireMember } from "@/lib/member";
import { InviteForm } from "./invite-form";
import { LeaveButton, RemoveButton, RoleSelect, WithdrawButton } from "./member-controls";
import { ROLE_HELP } from "./schema";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const member = await requireMember();
  const isOwner = can(member, ["owner"]);
  const [members, invitations, account] = await Promise.all([
    listMembers(db, member.accountId),
    isOwner ? listPendingInvitations(db, member.accountId) : Promise.resolve([]),
    getAccount(db, member.accountId),
  ]);
  const timeZone = account?.timeZone ?? "UTC";
  return (
    <>
      <PageHeader title="Team" description={`Who can see and change ${member.accountName}.`} />
      {isOwner ? (
        <Card className="mb-4">
          <CardHeader>
            <CardTitle>Invite a member</CardTitle>
            <CardDescription>They get an email with a link that works once, for 7 days.</CardDescription>
          </CardHeader>
          <CardContent>
            <InviteForm />
          </CardContent>
        </Card>
      ) : (
        <p
          className="mb-4 rounded-md border bg-card px-4 py-3 text-sm text-muted-foreground"
          data-testid="team-readonly"
        >
          You are {member.role === "developer" ? "a developer" : "a viewer"} here:{" "}
          {ROLE_HELP[member.role].toLowerCase()} Owners manage the team.
        </p>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            {members.length} {members.length === 1 ? "person" : "people"}. Every account keeps at least one
            owner.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y" data-testid="members">
            {members.map((m) => {
              const self = m.userId === member.userId;
              return (
                <li
                  key={m.userId}
                  className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between"
                  data-member={m.email}
                >
                  <div className="min-w-0">
                    <p className="truncate font-medium">
                      {m.name ?? m.email}{" "}
                      {self ? <span className="text-sm font-normal text-muted-foreground">(you)</span> : null}
                    </p>
                    {m.name ? <p className="truncate text-sm text-muted-foreground">{m.email}</p> : null}
                  </div>
                  <div className="flex items-center gap-2">
                    {isOwner ? (
                      <RoleSelect userId={m.userId} email={m.email} role={m.role} />
                    ) : (
                      <Badge variant="outline">{m.role}</Badge>
                    )}
                    {self ? (
                      <LeaveButton accountName={member.accountName} />
                    ) : isOwner ? (
                      <RemoveButton userId={m.userId} email={m.email} />
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>
      {isOwner && invitations.length > 0 ? (
        <Card className="mt-4">
          <CardHeader>
            <CardTitle>Pending invitations</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="divide-y" data-testid="invitations">
              {invitations.map((i) => (
                <li
                  key={i.id}
                  className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between"
                >
                  <div className="min-w-0">
                    <p className="truncate font-medium">{i.email}</p>
                    <p className="text-sm text-muted-foreground">
                      {i.role} · expires {formatDateTime(i.expiresAt, timeZone)}
                    </p>
                  </div>
                  <WithdrawButton invitationId={i.id} email={i.email} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
