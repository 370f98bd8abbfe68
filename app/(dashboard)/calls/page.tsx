import { ChevronRight, Mic, PhoneCall, PhoneIncoming, PhoneOutgoing } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { callerLabel } from "@/components/calls/call-parties";
import { CallStatusBadge } from "@/components/calls/call-status-badge";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listCalls } from "@/db/queries/calls";
import { AppError } from "@/lib/errors";
import { formatListTime } from "@/lib/format-time";
import { requireMember } from "@/lib/member";
import { formatDuration } from "@/lib/messages/call-view";
import { PLATFORM_GUIDES } from "@/lib/platforms/guides";
import { CallFiltersForm } from "./call-filters";
import { callFiltersSchema, firstValues } from "@/lib/dashboard/call-filters";

export const metadata: Metadata = { title: "Calls" };

/**
 * No loading.tsx above this page, on purpose: its data is ready in ~20 ms, but React 19.2 reveals a
 * streamed Suspense boundary no sooner than 300 ms after the first paint, so a skeleton here held the
 * page's main text (its largest paint) back on every load (Lighthouse mobile LCP ~2.8 s).
 */
export default async function CallsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const filters = callFiltersSchema.parse(firstValues(await searchParams));
  const account = await getAccount(db, member.accountId);
  const timeZone = account?.timeZone ?? "UTC";
  const list = (cursor: string | undefined) =>
    listCalls(db, member.accountId, { ...filters, cursor, timeZone, defaultCountry: account?.defaultCountry, limit: 25 });
  // A cursor edited by hand shows the first page rather than an error page (the API answers 400).
  const { rows, nextCursor } = await list(filters.cursor).catch((error: unknown) => {
    if (error instanceof AppError) return list(undefined);
    throw error;
  });
  // The simulator finds the account by its owner's email (and --account when they own several).
  const ownsSeveral = member.accounts.filter((a) => a.role === "owner").length > 1;
  const simulateArgs =
    member.role === "owner" ? `--email ${member.email}${ownsSeveral ? ` --account ${member.accountId}` : ""}` : "--email <owner email>";
  const filtered = !!(filters.status || filters.from || filters.to || filters.q);
  const query = (extra: Record<string, string | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: filters.status, from: filters.from, to: filters.to, q: filters.q, ...extra })) {
      if (v) p.set(k, v);
    }
    const s = p.toString();
    return s ? `/calls?${s}` : "/calls";
  };

  return (
    <>
      <PageHeader title="Calls" description={`Every call your agent handled, newest first. Times in ${timeZone.replace(/_/g, " ")}.`} />
      <CallFiltersForm values={filters} />

      {rows.length === 0 ? (
        filtered || filters.cursor ? (
          <EmptyState icon={PhoneCall} title="No calls match these filters">
            <Link href="/calls" className="font-medium text-primary underline-offset-4 hover:underline">
              Clear the filters
            </Link>{" "}
            to see every call.
          </EmptyState>
        ) : (
          <EmptyState icon={PhoneCall} title="No calls yet">
            <p>When your agent finishes a call, the platform sends Aftercall a call-end event and the call appears here.</p>
            <p className="mt-3">
              Try it now: <Link href="/" className="font-medium text-primary underline-offset-4 hover:underline">send a sample call</Link>{" "}
              from the Overview, or five from your terminal to this workspace&apos;s agent number:
            </p>
            <pre className="mt-2 overflow-x-auto rounded-md bg-muted px-3 py-2 text-left font-mono text-xs text-foreground" data-testid="simulate-hint">
              npm run simulate -- {simulateArgs} --count 5
            </pre>
          </EmptyState>
        )
      ) : (
        <>
          <ul className="divide-y overflow-hidden rounded-lg border bg-card shadow-sm" aria-label="Calls" data-testid="call-list">
            {rows.map((call) => {
              const DirectionIcon = call.direction === "inbound" ? PhoneIncoming : PhoneOutgoing;
              const number = callerLabel(call);
              return (
                <li key={call.id}>
                  <Link
                    href={`/calls/${call.id}`}
                    className="flex items-center gap-3 px-4 py-3 transition-colors hover:bg-muted/50 focus-visible:bg-muted/50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
                  >
                    <DirectionIcon className="hidden size-4 shrink-0 text-muted-foreground sm:block" aria-label={call.direction} />
                    <div className="grid min-w-0 flex-1 gap-1 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-center sm:gap-4">
                      <div className="min-w-0">
                        <p className="truncate font-medium" data-testid="call-name">
                          {call.contact.name ?? number}
                        </p>
                        <p className="truncate text-xs text-muted-foreground">
                          {call.contact.name ? number : call.direction === "inbound" ? "Inbound" : "Outbound"}
                          {call.contact.name && !call.contact.saved ? " · from the call" : ""}
                        </p>
                      </div>
                      <p className="line-clamp-2 text-sm text-muted-foreground sm:line-clamp-1">{call.summary ?? "No summary"}</p>
                      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground sm:justify-end">
                        {call.platform ? (
                          <Badge variant="outline" data-testid="call-platform-badge">
                            {PLATFORM_GUIDES[call.platform].label}
                          </Badge>
                        ) : null}
                        {call.sample ? (
                          <Badge variant="outline" title="A sample call: its messages were sent as free tests" data-testid="sample-badge">
                            Sample
                          </Badge>
                        ) : null}
                        <CallStatusBadge status={call.status} />
                        {call.hasRecording ? <Mic className="size-3.5" aria-label="Has a recording" /> : null}
                        <span className="tabular-nums">{formatDuration(call.durationSeconds)}</span>
                        <time dateTime={call.endedAt.toISOString()} className="tabular-nums">
                          {formatListTime(call.endedAt, timeZone)}
                        </time>
                      </div>
                    </div>
                    <ChevronRight className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                  </Link>
                </li>
              );
            })}
          </ul>
          <nav className="mt-4 flex items-center justify-between gap-3" aria-label="Pagination">
            {filters.cursor ? (
              <Button asChild variant="outline" size="sm">
                <Link href={query({})}>Back to newest</Link>
              </Button>
            ) : (
              <span />
            )}
            {nextCursor ? (
              <Button asChild variant="outline" size="sm">
                <Link href={query({ cursor: nextCursor })} rel="next">
                  Older calls
                  <ChevronRight aria-hidden />
                </Link>
              </Button>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
