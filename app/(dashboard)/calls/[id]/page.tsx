import { ArrowLeft, Mail, MessageSquare, Webhook } from "lucide-react";
import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { actionCreditsLabel, ActionResultBadge, ReceiptNote } from "@/components/calls/action-result";
import { AnalysisList } from "@/components/calls/analysis-list";
import { agentNumberLabel, callerDetail, callerLabel } from "@/components/calls/call-parties";
import { CallStatusBadge } from "@/components/calls/call-status-badge";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { callDeliveries, getCall } from "@/db/queries/calls";
import { getConnection } from "@/db/queries/connections";
import { actionResult } from "@/lib/delivery/receipts";
import { formatDateTime } from "@/lib/format-time";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { formatDuration, formatOffset } from "@/lib/messages/call-view";
import { formatPhone, PHONE_TYPE_LABEL } from "@/lib/phone";
import { PLATFORM_GUIDES } from "@/lib/platforms/guides";
import { CHANNEL_LABEL } from "@/lib/pricing";
import { recordingToken } from "@/lib/recordings";
import { cn } from "@/lib/utils";
import { SaveContactButton } from "@/app/(dashboard)/contacts/save-contact-button";
import { DeleteRecordingButton } from "./delete-recording-button";

export const metadata: Metadata = { title: "Call" };

const CHANNEL_ICON = { sms: MessageSquare, email: Mail, webhook: Webhook } as const;
const REASON_LABEL: Record<string, string> = {
  insufficient_credits: "Not enough credits",
  endpoint_disabled: "Endpoint disabled",
};

function formatLatency(ms: number) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The ownership lookup (getCall) runs first, before any Suspense boundary, so another account's id
 * or a missing one answers HTTP 404; the deliveries then stream in behind a skeleton.
 */
export default async function CallPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember();
  const { id } = await params;
  const found = await getCall(db, member.accountId, id);
  if (!found) notFound();
  const { call, contact, timeZone, name, recordingAvailable } = found;
  const number = callerLabel(call);
  const phoneType = contact?.phoneType ?? call.phoneType;
  // A platform call's connection, for its name; null once it was deleted (the call keeps its platform).
  const connection = call.platform && call.connectionId ? await getConnection(db, member.accountId, call.connectionId) : null;

  const details: [string, React.ReactNode][] = [
    ["Caller", call.callerNumber ? <span className="tabular-nums">{number}</span> : callerDetail(call)],
    [
      "Contact",
      <span key="contact" className="flex flex-wrap items-center gap-2">
        {name.name && name.saved && contact ? (
          <Link href={`/contacts/${contact.id}`} className="text-primary underline underline-offset-4">
            {name.name}
          </Link>
        ) : name.name ? (
          <span>
            {name.name}
            <span className="text-muted-foreground"> · from the call</span>
          </span>
        ) : (
          <span className="text-muted-foreground">None</span>
        )}
        {!name.saved && call.callerNumber && can(member, CAN_EDIT) ? (
          <SaveContactButton phone={call.callerNumber} nameHeard={call.contactNameHeard} callId={call.id} size="sm" variant="outline" />
        ) : null}
      </span>,
    ],
    ["Phone type", PHONE_TYPE_LABEL[phoneType]],
    ["Direction", call.direction === "inbound" ? "Inbound" : "Outbound"],
    ["Status", <CallStatusBadge key="s" status={call.status} />],
    ["Agent number", call.agentNumber ? <span key="a" className="tabular-nums">{formatPhone(call.agentNumber)}</span> : agentNumberLabel(call)],
    ["Started", formatDateTime(call.startedAt, timeZone, { seconds: true })],
    ["Ended", formatDateTime(call.endedAt, timeZone, { seconds: true })],
    ["Duration", formatDuration(call.durationSeconds)],
    ["Platform call id", <code key="c" className="break-all font-mono text-xs">{call.externalId}</code>],
  ];
  if (call.platform) {
    details.unshift(
      [
        "Platform",
        <span key="p" data-testid="call-platform">
          {PLATFORM_GUIDES[call.platform].label}
          <span className="text-muted-foreground"> · </span>
          {connection ? (
            <Link href="/settings/voice-platforms" className="break-words text-primary underline underline-offset-4">
              {connection.name}
            </Link>
          ) : (
            <span className="text-muted-foreground">deleted connection</span>
          )}
        </span>,
      ],
      [
        call.platform === "vapi" ? "Assistant id" : "Agent id",
        call.platformAgentId ? (
          <code key="ag" className="break-all font-mono text-xs">
            {call.platformAgentId}
          </code>
        ) : (
          <span className="text-muted-foreground">Not sent</span>
        ),
      ],
    );
  }

  return (
    <>
      <Link href="/calls" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden />
        All calls
      </Link>
      <PageHeader
        title={name.name ?? number}
        description={
          <>
            {name.name ? `${number} · ` : ""}
            {formatDateTime(call.endedAt, timeZone)} · {formatDuration(call.durationSeconds)}
          </>
        }
        actions={<CallStatusBadge status={call.status} />}
      />

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="flex min-w-0 flex-col gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Summary</CardTitle>
            </CardHeader>
            <CardContent>
              <p className="whitespace-pre-line text-sm leading-relaxed" data-testid="call-summary">
                {call.summary ?? <span className="text-muted-foreground">The platform sent no summary for this call.</span>}
              </p>
            </CardContent>
          </Card>

          {call.platform ? (
            <Card>
              <CardHeader>
                <CardTitle>{PLATFORM_GUIDES[call.platform].label} analysis</CardTitle>
                <CardDescription>What {PLATFORM_GUIDES[call.platform].label} worked out about the call, as it sent it.</CardDescription>
              </CardHeader>
              <CardContent data-testid="call-analysis">
                {call.analysis && Object.keys(call.analysis).length > 0 ? (
                  <AnalysisList analysis={call.analysis} omitText={call.summary} />
                ) : (
                  <p className="text-sm text-muted-foreground">{PLATFORM_GUIDES[call.platform].label} sent no analysis for this call.</p>
                )}
              </CardContent>
            </Card>
          ) : null}

          <Card>
            <CardHeader>
              <CardTitle>Transcript</CardTitle>
              {call.transcript.length > 0 ? <CardDescription>Times from the start of the call.</CardDescription> : null}
            </CardHeader>
            <CardContent>
              {call.transcript.length === 0 ? (
                <p className="text-sm text-muted-foreground">No transcript: {call.status === "completed" ? "the platform sent none." : "the call was not answered."}</p>
              ) : (
                <ol className="flex flex-col gap-3" aria-label="Transcript" data-testid="transcript">
                  {call.transcript.map((line, i) => {
                    const agent = line.role === "agent";
                    return (
                      <li key={i} className={cn("flex max-w-[85%] flex-col gap-1", agent ? "self-start" : "self-end items-end")}>
                        <span className="text-xs text-muted-foreground">
                          {agent ? "Agent" : name.name ?? "Caller"}
                          {line.start_ms !== null ? (
                            <>
                              {" · "}
                              <time className="tabular-nums">{formatOffset(line.start_ms)}</time>
                            </>
                          ) : null}
                        </span>
                        <p
                          className={cn(
                            "rounded-lg px-3 py-2 text-sm leading-relaxed",
                            agent ? "rounded-tl-sm bg-muted" : "rounded-tr-sm bg-primary text-primary-foreground",
                          )}
                        >
                          {line.text}
                        </p>
                      </li>
                    );
                  })}
                </ol>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Post-call actions</CardTitle>
              <CardDescription>What Aftercall sent after this call.</CardDescription>
            </CardHeader>
            <CardContent>
              <Suspense fallback={<DeliveriesSkeleton />}>
                <CallDeliveries accountId={member.accountId} callId={call.id} timeZone={timeZone} />
              </Suspense>
            </CardContent>
          </Card>
        </div>

        <div className="flex min-w-0 flex-col gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Details</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
                {details.map(([label, value]) => (
                  <div key={label} className="contents">
                    <dt className="text-muted-foreground">{label}</dt>
                    <dd className="min-w-0">{value}</dd>
                  </div>
                ))}
              </dl>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Recording</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-3">
              {recordingAvailable ? (
                <>
                  <audio controls preload="none" src={`/r/${recordingToken(call.id)}`} className="w-full" aria-label="Call recording">
                    <a href={`/r/${recordingToken(call.id)}`}>Download the recording</a>
                  </audio>
                  {can(member, ["owner"]) ? <DeleteRecordingButton callId={call.id} /> : null}
                </>
              ) : (
                <p className="text-sm text-muted-foreground">
                  {call.recordingDeletedAt
                    ? `Deleted ${formatDateTime(call.recordingDeletedAt, timeZone)}. Its links no longer work.`
                    : "No recording for this call."}
                </p>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}

async function CallDeliveries({ accountId, callId, timeZone }: { accountId: string; callId: string; timeZone: string }) {
  const actions = await callDeliveries(db, accountId, callId);
  return (
    <>
        {actions.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No post-call action matched this call.{" "}
            <Link href="/settings/post-call-actions" className="font-medium text-primary underline-offset-4 hover:underline">
              Set up post-call actions
            </Link>
          </p>
        ) : (
          <ul className="flex flex-col divide-y" data-testid="deliveries">
            {actions.map((d) => {
              const Icon = CHANNEL_ICON[d.channel];
              return (
                <li key={d.id} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <Icon className="size-4 text-muted-foreground" aria-hidden />
                    <span className="font-medium">{CHANNEL_LABEL[d.channel]}</span>
                    <span className="min-w-0 break-all text-sm text-muted-foreground">
                      {d.channel === "sms" ? formatPhone(d.destination) : d.destination}
                    </span>
                    <span className="ml-auto flex items-center gap-2">
                      <ActionResultBadge result={actionResult(d)} />
                      <span className="text-xs tabular-nums text-muted-foreground">{actionCreditsLabel(d)}</span>
                    </span>
                  </div>
                  {d.reason ? <p className="text-sm text-muted-foreground">{REASON_LABEL[d.reason] ?? d.reason}</p> : null}
                  <ReceiptNote d={d} timeZone={timeZone} />
                  {d.attempts.length > 0 ? (
                    <ol className="flex flex-col gap-1 text-xs text-muted-foreground" aria-label={`${CHANNEL_LABEL[d.channel]} attempts`}>
                      {d.attempts.map((a) => (
                        <li key={a.id} className="flex flex-wrap gap-x-2">
                          <span>Attempt {a.attemptNumber}</span>
                          <span>{formatDateTime(a.startedAt, timeZone, { seconds: true })}</span>
                          <span>{a.outcome === "success" ? "succeeded" : a.outcome === "retryable_error" ? "will retry" : "failed"}</span>
                          {a.statusCode ? <span>HTTP {a.statusCode}</span> : null}
                          {a.latencyMs != null ? <span>{formatLatency(a.latencyMs)}</span> : null}
                          {a.error && a.error !== `HTTP ${a.statusCode}` ? <span className="break-all">{a.error}</span> : null}
                        </li>
                      ))}
                    </ol>
                  ) : d.status === "pending" ? (
                    <p className="text-xs text-muted-foreground">Waiting to be sent.</p>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
    </>
  );
}

function DeliveriesSkeleton() {
  return (
    <div role="status" className="flex flex-col gap-3">
      <span className="sr-only">Loading post-call actions…</span>
      <Skeleton className="h-10 w-full" />
      <Skeleton className="h-10 w-full" />
    </div>
  );
}
