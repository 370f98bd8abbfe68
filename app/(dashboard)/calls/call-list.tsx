"use client";

import { ChevronRight, Mic, PhoneCall, PhoneIncoming, PhoneOutgoing } from "lucide-react";
import Link from "next/link";
import { CallStatusBadge } from "@/components/calls/call-status-badge";
import { useLiveQuery } from "@/components/live/live-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { CallFiltersInput } from "@/lib/dashboard/call-filters";
import type { CallsPageData } from "@/lib/dashboard/calls-page";

function search(filters: CallFiltersInput, extra: Record<string, string | undefined> = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ status: filters.status, agent: filters.agent, from: filters.from, to: filters.to, q: filters.q, ...extra })) {
    if (v) p.set(k, v);
  }
  return p.toString();
}

/**
 * The calls list, live: the page renders it on the server, then it re-reads (GET /api/dashboard/calls,
 * with the URL's filters and cursor) whenever a call of the account is stored or changes — so a new
 * call appears at the top of the first page without a reload. An older page (a cursor) re-reads too:
 * a changed call on it shows its change.
 */
export function CallList({
  initial,
  filters,
  simulateArgs,
}: {
  initial: CallsPageData;
  filters: CallFiltersInput;
  simulateArgs: string;
}) {
  const qs = search(filters, { cursor: filters.cursor });
  const data = useLiveQuery({
    key: ["calls", qs],
    url: `/api/dashboard/calls${qs ? `?${qs}` : ""}`,
    initialData: initial,
    matches: (event) => event.kind === "call",
  });
  const { rows, nextCursor } = data;
  const filtered = !!(filters.status || filters.agent || filters.from || filters.to || filters.q);
  const href = (extra: Record<string, string | undefined>) => {
    const s = search(filters, extra);
    return s ? `/calls?${s}` : "/calls";
  };

  if (rows.length === 0) {
    return filtered || filters.cursor ? (
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
    );
  }

  return (
    <>
      <ul className="divide-y overflow-hidden rounded-lg border bg-card shadow-sm" aria-label="Calls" data-testid="call-list">
        {rows.map((call) => {
          const DirectionIcon = call.direction === "inbound" ? PhoneIncoming : PhoneOutgoing;
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
                      {call.title}
                    </p>
                    <p className="truncate text-xs text-muted-foreground">{call.subtitle}</p>
                  </div>
                  <p className="line-clamp-2 text-sm text-muted-foreground sm:line-clamp-1">{call.summary ?? "No summary"}</p>
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground sm:justify-end">
                    {call.agentName ? (
                      <span className="max-w-40 truncate" data-testid="call-list-agent">
                        {call.agentName}
                      </span>
                    ) : null}
                    {call.platformLabel ? (
                      <Badge variant="outline" data-testid="call-platform-badge">
                        {call.platformLabel}
                      </Badge>
                    ) : null}
                    {call.sample ? (
                      <Badge variant="outline" title="A sample call: its messages were sent as free tests" data-testid="sample-badge">
                        Sample
                      </Badge>
                    ) : null}
                    <CallStatusBadge status={call.status} />
                    {call.hasRecording ? <Mic className="size-3.5" aria-label="Has a recording" /> : null}
                    <span className="tabular-nums">{call.duration}</span>
                    <time dateTime={call.endedAt} className="tabular-nums">
                      {call.endedAtLabel}
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
            <Link href={href({})}>Back to newest</Link>
          </Button>
        ) : (
          <span />
        )}
        {nextCursor ? (
          <Button asChild variant="outline" size="sm">
            <Link href={href({ cursor: nextCursor })} rel="next">
              Older calls
              <ChevronRight aria-hidden />
            </Link>
          </Button>
        ) : null}
      </nav>
    </>
  );
}
