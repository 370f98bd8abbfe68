import type { Metadata } from "next";
import { LiveIndicator } from "@/components/live/live-indicator";
import { LiveProvider } from "@/components/live/live-provider";
import { PageHeader } from "@/components/page-header";
import { db } from "@/db";
import { callFiltersSchema, firstValues } from "@/lib/dashboard/call-filters";
import { loadCallsPage } from "@/lib/dashboard/calls-page";
import { requireMember } from "@/lib/member";
import { CallFiltersForm } from "./call-filters";
import { CallList } from "./call-list";

export const metadata: Metadata = { title: "Calls" };

/**
 * No loading.tsx above this page, on purpose: its data is ready in ~20 ms, but React 19.2 reveals a
 * streamed Suspense boundary no sooner than 300 ms after the first paint, so a skeleton here held the
 * page's main text (its largest paint) back on every load (Lighthouse mobile LCP ~2.8 s).
 *
 * The list is rendered here and then kept live in the browser (./call-list.tsx, lib/live/).
 */
export default async function CallsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const filters = callFiltersSchema.parse(firstValues(await searchParams));
  const data = await loadCallsPage(db, member.accountId, filters);
  // The simulator finds the account by its owner's email (and --account when they own several).
  const ownsSeveral = member.accounts.filter((a) => a.role === "owner").length > 1;
  const simulateArgs =
    member.role === "owner" ? `--email ${member.email}${ownsSeveral ? ` --account ${member.accountId}` : ""}` : "--email <owner email>";

  return (
    <LiveProvider>
      <PageHeader
        title="Calls"
        description={`Every call your agent handled, newest first. Times in ${data.timeZone.replace(/_/g, " ")}.`}
        actions={<LiveIndicator />}
      />
      <CallFiltersForm values={filters} agents={data.agents} />
      <CallList initial={data} filters={filters} simulateArgs={simulateArgs} />
    </LiveProvider>
  );
}
