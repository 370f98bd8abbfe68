import { MailCheck, TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { roleOf } from "@/db/queries/accounts";
import { findInvitation, invitationProblem } from "@/db/queries/team";
import { auth } from "@/lib/auth";
import { AcceptButton } from "./accept-button";
import { switchUser } from "./actions";

export const metadata: Metadata = { title: "Invitation" };

/**
 * A public path (proxy.ts lets /invite through): a broken link is explained without signing in; a
 * good one asks for sign-in first and comes back here, then joins with one click.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(db, token);
  const problem = invitationProblem(invitation);
  const session = await auth();
  const user = session?.user;

  let body: React.ReactNode;
  if (problem || !invitation) {
    body = (
      <Notice icon="warn" title="This invitation can't be used" description={problem ?? ""}>
        <Link href={user ? "/" : "/login"} className={buttonVariants()}>
          {user ? "Go to your dashboard" : "Sign in"}
        </Link>
      </Notice>
    );
  } else if (!user?.id || !user.email) {
    redirect(`/login?next=${encodeURIComponent(`/invite/${token}`)}`);
  } else if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    body = (
      <Notice
        icon="warn"
        title="This invitation is for someone else"
        description={`It was sent to ${invitation.email}, but you are signed in as ${user.email}. Sign in as ${invitation.email} to accept it.`}
      >
        <form action={switchUser.bind(null, token)}>
          <Button type="submit">Sign in as {invitation.email}</Button>
        </form>
      </Notice>
    );
  } else if (await roleOf(db, user.id, invitation.accountId)) {
    body = (
      <Notice
        icon="ok"
        title={`You're already in ${invitation.accountName}`}
        description="Switch to it from the account menu at the top of the dashboard."
      >
        <Link href="/" className={buttonVariants()}>
          Go to your dashboard
        </Link>
      </Notice>
    );
  } else {
    body = (
      <Notice
        icon="ok"
        title={`Join ${invitation.accountName}`}
        description={`You were invited as ${invitation.role === "owner" ? "an owner" : `a ${invitation.role}`}. You're signed in as ${user.email}.`}
      >
        <AcceptButton token={token} accountName={invitation.accountName} />
      </Notice>
    );
  }

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo className="text-lg" />
      </div>
      <div className="w-full max-w-sm">{body}</div>
    </main>
  );
}

function Notice({
  icon,
  title,
  description,
  children,
}: {
  icon: "ok" | "warn";
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  const Icon = icon === "ok" ? MailCheck : TriangleAlert;
  return (
    <Card>
      <CardHeader className="items-center text-center">
        <div
          className={
            icon === "ok"
              ? "mb-2 rounded-full bg-secondary p-3 text-primary"
              : "mb-2 rounded-full bg-warning/15 p-3 text-warning"
          }
        >
          <Icon className="size-6" aria-hidden />
        </div>
        <CardTitle as="h1" className="text-xl">
          {title}
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex justify-center">{children}</CardContent>
    </Card>
  );
}
