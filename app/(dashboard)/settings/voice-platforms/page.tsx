import { AudioLines } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listConnections, type ConnectionListRow } from "@/db/queries/connections";
import { formatDateTime } from "@/lib/format-time";
import { formatRelative } from "@/lib/format";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { PLATFORM_GUIDES } from "@/lib/platforms/guides";
import { inboundUrl } from "@/lib/platforms/inbound-url";
import { PLATFORMS } from "@/lib/platforms/types";
import { AddConnectionButton, ConnectionActions } from "./connection-dialogs";

export const metadata: Metadata = { title: "Voice platforms" };

/** The add dialog shows the chosen platform's secret label and hint, then its steps next to the new URL. */
const PLATFORM_CHOICES = PLATFORMS.map((p) => ({ value: p, ...PLATFORM_GUIDES[p] }));

export default async function VoicePlatformsPage() {
  const member = await requireMember();
  const [account, connections] = await Promise.all([getAccount(db, member.accountId), listConnections(db, member.accountId)]);
  const editable = can(member, CAN_EDIT);
  const timeZone = account?.timeZone ?? "UTC";
  const names = PLATFORMS.map((p) => PLATFORM_GUIDES[p].label);

  return (
    <>
      <Link href="/settings" className="mb-3 inline-block text-sm text-muted-foreground hover:text-foreground">
        ← Settings
      </Link>
      <PageHeader
        title="Voice platforms"
        description={`Calls from ${names.slice(0, -1).join(", ")} or ${names.at(-1)}, straight from the platform's own post-call webhook: your SMS, email and webhook actions run for them with no code in between.`}
        actions={editable && connections.length > 0 ? <AddConnectionButton platforms={PLATFORM_CHOICES} /> : null}
      />
      <div className="flex flex-col gap-4">
        {editable ? null : (
          <p className="rounded-md border bg-card px-4 py-3 text-sm text-muted-foreground" data-testid="read-only-note">
            You can view these connections. Owners and developers can add, change and delete them.
          </p>
        )}

        {connections.length === 0 ? (
          <EmptyState icon={AudioLines} title="No voice platforms connected">
            <p>
              A connection gives one voice platform its own URL. Paste it into the platform&apos;s webhook settings with the platform&apos;s
              signing secret, and every call that ends there shows up under Calls, with your SMS, email and webhook actions run for it.
            </p>
            {editable ? (
              <div className="mt-4 flex justify-center">
                <AddConnectionButton platforms={PLATFORM_CHOICES} />
              </div>
            ) : (
              <p className="mt-3">An owner or developer can add one.</p>
            )}
          </EmptyState>
        ) : (
          <ul className="flex flex-col gap-4" aria-label="Connections" data-testid="connections">
            {connections.map((c) => (
              <li key={c.id}>
                <ConnectionCard connection={c} timeZone={timeZone} editable={editable} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function ConnectionCard({ connection: c, timeZone, editable }: { connection: ConnectionListRow; timeZone: string; editable: boolean }) {
  const guide = PLATFORM_GUIDES[c.platform];
  const url = inboundUrl(c.id);
  const details: [string, React.ReactNode][] = [
    ["Created", formatDateTime(c.createdAt, timeZone)],
    [
      "Last event",
      c.lastEventAt ? (
        <>
          <time dateTime={c.lastEventAt.toISOString()} title={formatDateTime(c.lastEventAt, timeZone)}>
            {formatRelative(c.lastEventAt)}
          </time>
          <span className="text-muted-foreground">
            {" "}
            · {c.callCount} call{c.callCount === 1 ? "" : "s"} received
          </span>
        </>
      ) : (
        <span className="text-muted-foreground">No events yet</span>
      ),
    ],
    [
      "Refused requests",
      c.refusedCount === 0 ? (
        <span className="text-muted-foreground">None</span>
      ) : (
        <span className="flex flex-col gap-0.5">
          <span className="font-medium text-warning">{c.refusedCount}</span>
          {c.lastRefusedAt ? (
            <span className="text-muted-foreground">
              Last refused <time dateTime={c.lastRefusedAt.toISOString()} title={formatDateTime(c.lastRefusedAt, timeZone)}>{formatRelative(c.lastRefusedAt)}</time>
              {c.lastRefusedReason ? <>: <span className="break-words">{c.lastRefusedReason}</span></> : null}
            </span>
          ) : null}
        </span>
      ),
    ],
    [
      "Secret",
      <span key="s">
        <span aria-hidden>••••</span>
        <span className="sr-only">saved, never shown again</span>
        <span className="text-muted-foreground"> · {guide.secretLabel}</span>
      </span>,
    ],
  ];
  if (c.platform === "retell") {
    details.push(["Analysis wait", `Actions run when call_analyzed arrives, or ${formatWait(c.waitSeconds)} after call_ended if it never does.`]);
  }

  return (
    <Card data-testid="connection">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1.5">
          <Badge variant="outline" className="w-fit" data-testid="connection-platform">
            {guide.label}
          </Badge>
          <CardTitle className="break-words" data-testid="connection-name">
            {c.name}
          </CardTitle>
        </div>
        {editable ? <ConnectionActions connection={{ id: c.id, name: c.name, platformLabel: guide.label, secretLabel: guide.secretLabel, secretHint: guide.secretHint }} /> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div className="flex flex-col gap-1.5">
          <span className="text-sm font-medium">
            Inbound URL
          </span>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid="connection-url"
              className="min-w-0 flex-1 break-all rounded-md border bg-muted px-3 py-2 font-mono text-xs"
            >
              {url}
            </code>
            <CopyButton value={url} label="Copy URL" copiedMessage="URL copied" aria-label={`Copy URL for ${c.name}`} className="self-start sm:self-auto" />
          </div>
        </div>

        <dl className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-x-4">
          {details.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-muted-foreground">{label}</dt>
              <dd className="min-w-0">{value}</dd>
            </div>
          ))}
        </dl>

        <details className="group rounded-md border">
          <summary className="cursor-pointer select-none rounded-md px-3 py-2 text-sm font-medium text-primary hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring">
            How to set up {guide.label}
          </summary>
          <ol className="list-decimal space-y-1.5 px-3 pb-3 pl-8 text-sm" aria-label={`Setting up ${guide.label}`}>
            {guide.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </details>
      </CardContent>
    </Card>
  );
}

function formatWait(seconds: number): string {
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} seconds`;
}
