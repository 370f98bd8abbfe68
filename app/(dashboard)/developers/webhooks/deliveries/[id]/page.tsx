import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CodeBlock } from "@/components/code-block";
import { DeliveryStatusBadge } from "@/components/delivery-status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { getDelivery } from "@/db/queries/deliveries";
import { formatDateTime } from "@/lib/format";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { ResendButton } from "../delivery-buttons";
import { MessageResults } from "./message-results";

export const metadata: Metadata = { title: "Webhook delivery" };

const OUTCOME = { success: "success", retryable_error: "warning", final_error: "destructive" } as const;

function prettyJson(text: string | null): string {
  if (!text) return "";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export default async function DeliveryPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const { id } = await params;
  const [delivery, account] = await Promise.all([getDelivery(db, member.accountId, id), getAccount(db, member.accountId)]);
  if (!delivery || delivery.channel !== "webhook") notFound();
  const tz = account?.timeZone ?? "UTC";
  return (
    <div className="grid gap-4">
      <Link href="/developers/webhooks/deliveries" className="inline-flex items-center gap-1 text-sm text-primary underline underline-offset-4">
        <ArrowLeft className="size-4" aria-hidden /> Delivery log
      </Link>
      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1.5">
            <CardTitle as="h2" className="flex flex-wrap items-center gap-2">
              call.ended <DeliveryStatusBadge status={delivery.status} />
              {delivery.test ? <Badge variant="outline">test</Badge> : null}
            </CardTitle>
            <CardDescription className="break-all">{delivery.destination}</CardDescription>
          </div>
          {can(member, CAN_EDIT) && delivery.status !== "pending" ? <ResendButton deliveryId={delivery.id} /> : null}
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">webhook-id</dt>
            <dd className="font-mono" data-testid="webhook-id">{delivery.messageId}</dd>
            <dt className="text-muted-foreground">Call</dt>
            <dd>
              {delivery.callId ? (
                <Link className="text-primary underline underline-offset-4" href={`/calls/${delivery.callId}`}>
                  {delivery.callId}
                </Link>
              ) : (
                "Sample call (test event)"
              )}
            </dd>
            {delivery.callId ? <MessageResults accountId={member.accountId} callId={delivery.callId} test={delivery.test} /> : null}
            <dt className="text-muted-foreground">Created</dt>
            <dd>{formatDateTime(delivery.createdAt, tz)}</dd>
            {delivery.reason ? (
              <>
                <dt className="text-muted-foreground">Reason</dt>
                <dd>{delivery.reason.replaceAll("_", " ")}</dd>
              </>
            ) : null}
            {delivery.status === "pending" && delivery.nextAttemptAt ? (
              <>
                <dt className="text-muted-foreground">Next attempt</dt>
                <dd>{formatDateTime(delivery.nextAttemptAt, tz)}</dd>
              </>
            ) : null}
          </dl>
        </CardContent>
      </Card>

      <h2 className="mt-2 text-lg font-semibold">Attempts</h2>
      {delivery.attempts.length === 0 ? (
        <p className="text-sm text-muted-foreground">No attempt yet: it is queued.</p>
      ) : (
        <ol className="grid gap-3">
          {delivery.attempts.map((a) => (
            <li key={a.id}>
              <Card>
                <CardHeader className="flex-row flex-wrap items-center gap-2 pb-3">
                  <span className="font-medium">Attempt {a.attemptNumber}</span>
                  <Badge variant={OUTCOME[a.outcome]}>{a.statusCode ?? a.outcome.replace("_", " ")}</Badge>
                  <span className="text-sm text-muted-foreground">
                    {formatDateTime(a.startedAt, tz)}
                    {a.latencyMs != null ? ` · ${a.latencyMs} ms` : ""}
                  </span>
                  {a.error ? <span className="basis-full text-sm text-destructive">{a.error}</span> : null}
                </CardHeader>
                <CardContent className="grid gap-3">
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-primary">Request as sent</summary>
                    <div className="mt-3 grid gap-3">
                      <CodeBlock
                        title="Headers"
                        code={Object.entries(a.requestHeaders ?? {})
                          .map(([k, v]) => `${k}: ${v}`)
                          .join("\n")}
                      />
                      <CodeBlock title="Body" code={prettyJson(a.requestBody)} />
                    </div>
                  </details>
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-primary">Response body (first 4 KiB)</summary>
                    <pre className="mt-3 overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-muted p-3 text-xs">{a.responseBody || "(empty)"}</pre>
                  </details>
                </CardContent>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
