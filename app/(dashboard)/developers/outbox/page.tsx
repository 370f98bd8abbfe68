import { Inbox, Mail, MessageSquare } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listOutbox } from "@/db/queries/outbox";
import { decodeCursorOrFirstPage, encodeCursor } from "@/lib/cursor";
import { formatDateTime } from "@/lib/format";
import { requireMember } from "@/lib/member";
import { formatPhone } from "@/lib/phone";

export const metadata: Metadata = { title: "Outbox" };

export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const member = await requireMember();
  const { cursor } = await searchParams;
  const [{ rows, next }, account] = await Promise.all([
    listOutbox(db, member.accountId, { cursor: decodeCursorOrFirstPage(cursor, ["createdAt", "id"], { dates: ["createdAt"] }) }),
    getAccount(db, member.accountId),
  ]);
  const tz = account?.timeZone ?? "UTC";
  return (
    <div className="grid gap-4">
      <p className="text-sm text-muted-foreground">
        With no Twilio or Resend keys configured, SMS and emails are kept here exactly as they would have been sent.
      </p>
      {rows.length === 0 ? (
        <EmptyState icon={Inbox} title={cursor ? "No older messages" : "The outbox is empty"}>
          Messages appear here when a post-call action runs without an SMS or email provider. Send a test from{" "}
          <Link href="/settings/post-call-actions" className="text-primary underline underline-offset-4">
            Post-call actions
          </Link>
          .
        </EmptyState>
      ) : (
        <ul className="grid gap-3">
          {rows.map((m) => (
            <li key={m.id}>
              <Card>
                <CardHeader className="flex-row flex-wrap items-center justify-between gap-2 pb-3">
                  <div className="flex min-w-0 items-center gap-2">
                    {m.channel === "sms" ? <MessageSquare className="size-4 text-primary" aria-hidden /> : <Mail className="size-4 text-primary" aria-hidden />}
                    <span className="font-medium">{m.channel === "sms" ? "SMS" : "Email"}</span>
                    <span className="truncate text-sm text-muted-foreground">to {m.channel === "sms" ? formatPhone(m.toAddress) : m.toAddress}</span>
                    <Badge variant="outline">{m.kind.replace("_", " ")}</Badge>
                  </div>
                  <time className="text-xs text-muted-foreground" dateTime={m.createdAt.toISOString()}>
                    {formatDateTime(m.createdAt, tz)}
                  </time>
                </CardHeader>
                <CardContent>
                  {m.subject ? <p className="mb-2 text-sm font-medium">{m.subject}</p> : null}
                  {m.channel === "email" && m.bodyHtml ? (
                    <details className="group">
                      <summary className="cursor-pointer text-sm text-primary">Show email</summary>
                      <iframe title={`Email: ${m.subject ?? ""}`} srcDoc={m.bodyHtml} sandbox="" className="mt-3 h-[28rem] w-full rounded-md border bg-white" />
                    </details>
                  ) : (
                    <pre className="whitespace-pre-wrap break-words rounded-md bg-muted p-3 font-sans text-sm">{m.bodyText}</pre>
                  )}
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {next ? (
        <div className="flex justify-center">
          <Button asChild variant="outline">
            <Link href={`/developers/outbox?cursor=${encodeCursor(next)}`}>Older messages</Link>
          </Button>
        </div>
      ) : null}
    </div>
  );
}
