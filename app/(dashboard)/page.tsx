import { Coins, PhoneCall } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { overviewFigures } from "@/db/queries/overview";
import { requireMember } from "@/lib/member";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const member = await requireMember();
  const figures = await overviewFigures(db, member.accountId);
  return (
    <>
      <PageHeader title="Overview" description={`What happened on ${member.accountName}'s calls.`} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <PhoneCall className="size-4" aria-hidden /> Calls today
            </CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="calls-today">{figures.callsToday}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <PhoneCall className="size-4" aria-hidden /> Calls this week
            </CardDescription>
            <CardTitle className="text-3xl tabular-nums">{figures.callsThisWeek}</CardTitle>
          </CardHeader>
        </Card>
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <Coins className="size-4" aria-hidden /> Credit balance
            </CardDescription>
            <CardTitle className="text-3xl tabular-nums" data-testid="credit-balance">
              {figures.balance.toLocaleString("en")}
            </CardTitle>
          </CardHeader>
          <CardContent className="text-sm text-muted-foreground">SMS 10 · Email 20 · Webhook free</CardContent>
        </Card>
      </div>
    </>
  );
}
