import { LogIn, MailCheck } from "lucide-react";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { DEV_MAILBOX_COOKIE, devMailboxEnabled, devMailboxLink } from "@/lib/dev-mailbox";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage() {
  const env = getEnv();
  const mailbox = devMailboxEnabled(env);
  const email = mailbox ? (await cookies()).get(DEV_MAILBOX_COOKIE)?.value : undefined;
  const link = mailbox ? await devMailboxLink(db, env, email) : null;
  return (
    <Card>
      <CardHeader className="items-center text-center">
        <div className="mb-2 rounded-full bg-secondary p-3 text-primary">
          <MailCheck className="size-6" aria-hidden />
        </div>
        <CardTitle as="h1" className="text-xl">
          {mailbox ? "Your sign-in link" : "Check your email"}
        </CardTitle>
        <CardDescription>
          {mailbox
            ? "No email provider is configured, so nothing was emailed: this development mailbox shows the link instead (the terminal running the app prints it too). It works once and expires in 24 hours."
            : "We sent you a sign-in link. It works once and expires in 24 hours."}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col items-center gap-4 text-center text-sm">
        {mailbox ? (
          link ? (
            <div className="w-full rounded-md border border-dashed bg-muted/50 p-4" data-testid="dev-mailbox">
              <p className="mb-3 break-all text-muted-foreground">
                Development mailbox · <span className="font-medium text-foreground">{email}</span>
              </p>
              <Button asChild>
                <a href={link} aria-label={`Sign in as ${email}`}>
                  <LogIn aria-hidden /> Sign in
                </a>
              </Button>
            </div>
          ) : (
            <p className="text-muted-foreground" data-testid="dev-mailbox-empty">
              No sign-in email is waiting here for this browser: look in the terminal running the app, or ask for a new link.
            </p>
          )
        ) : null}
        <Link href="/login" className="text-primary underline underline-offset-4">
          Use a different email
        </Link>
      </CardContent>
    </Card>
  );
}
