import { Download, ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { creditUsageByDay, ledgerPage, type LedgerRow } from "@/db/queries/credits";
import { formatDateTime, formatDay } from "@/lib/format-time";
import { can, requireMember } from "@/lib/member";
import { CHANNEL_LABEL, CREDITS_PER_MESSAGE } from "@/lib/pricing";
import { cn } from "@/lib/utils";
import { ThresholdForm } from "./threshold-form";
import { UsageChart } from "./usage-chart";

export const metadata: Metadata = { title: "Credits" };

type Search = { range?: string; before?: string };

export default async function CreditsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requireMember();
  const params = await searchParams;
  const range = params.range === "90" ? 90 : 30;
  const before = params.before && /^\d+$/.test(params.before) ? Number(params.before) : null;
  const account = await getAccount(db, member.accountId);
  const timeZone = account?.timeZone ?? "UTC";
  const [usage, ledger] = await Promise.all([
    creditUsageByDay(db, member.accountId, timeZone, range),
    ledgerPage(db, member.accountId, { before, limit: 25 }),
  ]);
  const totals = usage.reduce(
    (t, d) => ({ sms: t.sms + d.sms, email: t.email + d.email, webhook: t.webhook + d.webhook }),
    { sms: 0, email: 0, webhook: 0 },
  );
  const balance = account?.creditBalance ?? 0;
  const threshold = account?.lowBalanceThreshold ?? null;
  const isOwner = can(member, ["owner"]);
  const qs = (p: Record<string, string | number | null>) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(p)) if (v !== null && v !== "") s.set(k, String(v));
    const str = s.toString();
    return str ? `/credits?${str}` : "/credits";
  };

  return (
    <>
      <PageHeader
        title="Credits"
        description={`SMS ${CREDITS_PER_MESSAGE.sms} credits · Email ${CREDITS_PER_MESSAGE.email} credits · Webhook free. Charged when sent, refunded if it finally fails or never arrives (an undelivered SMS, a bounced email).`}
        actions={
          <Button asChild variant="outline">
            <a href="/credits/export" download>
              <Download aria-hidden /> Export CSV
            </a>
          </Button>
        }
      />
      <div className="grid gap-4 md:grid-cols-[1fr_2fr]">
        <Card>
          <CardHeader>
            <CardDescription>Balance</CardDescription>
            <CardTitle as="h2" className="text-4xl tabular-nums" data-testid="credit-balance">
              {balance.toLocaleString("en")}
            </CardTitle>
            {threshold !== null && balance < threshold ? (
              <p className="text-sm font-medium text-warning">Below your alert threshold</p>
            ) : null}
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            {isOwner ? (
              <ThresholdForm threshold={threshold} />
            ) : (
              <p className="text-sm text-muted-foreground">
                Low-balance alert:{" "}
                {threshold === null ? "off" : `below ${threshold.toLocaleString("en")} credits`}. Owners can
                change it.
              </p>
            )}
            <p className="text-xs text-muted-foreground">
              Need more credits? Ask your Aftercall operator for a top-up.
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
            <div>
              <CardTitle>Usage by day</CardTitle>
              <CardDescription>
                Credits charged minus refunds, by channel, in {timeZone} days.
              </CardDescription>
            </div>
            <nav aria-label="Usage range" className="flex rounded-md border p-0.5 text-sm">
              {[30, 90].map((r) => (
                <Link
                  key={r}
                  href={qs({ range: r === 30 ? null : r })}
                  aria-current={range === r ? "page" : undefined}
                  scroll={false}
                  className={cn(
                    "rounded px-3 py-1",
                    range === r
                      ? "bg-secondary font-medium text-primary"
                      : "text-muted-foreground hover:text-foreground",
                  )}
                >
                  {r} days
                </Link>
              ))}
            </nav>
          </CardHeader>
          <CardContent className="flex flex-col gap-3">
            <UsageChart data={usage} />
            <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="usage-totals">
              {(["sms", "email", "webhook"] as const).map((c) => (
                <div key={c} className="flex gap-2">
                  <dt className="text-muted-foreground">{CHANNEL_LABEL[c]}</dt>
                  <dd className="font-medium tabular-nums" data-testid={`usage-total-${c}`}>
                    {totals[c].toLocaleString("en")}
                  </dd>
                </div>
              ))}
              <div className="flex gap-2">
                <dt className="text-muted-foreground">Total, {range} days</dt>
                <dd className="font-semibold tabular-nums" data-testid="usage-total">
                  {(totals.sms + totals.email + totals.webhook).toLocaleString("en")}
                </dd>
              </div>
            </dl>
            <details className="text-sm">
              <summary className="cursor-pointer text-muted-foreground">Show the numbers as a table</summary>
              <div className="mt-2 max-h-64 overflow-y-auto">
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Day</TableHead>
                      <TableHead className="text-right">SMS</TableHead>
                      <TableHead className="text-right">Email</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {usage
                      .filter((d) => d.sms || d.email || d.webhook)
                      .map((d) => (
                        <TableRow key={d.day}>
                          <TableCell>{formatDay(d.day)}</TableCell>
                          <TableCell className="text-right tabular-nums">{d.sms}</TableCell>
                          <TableCell className="text-right tabular-nums">{d.email}</TableCell>
                        </TableRow>
                      ))}
                  </TableBody>
                </Table>
              </div>
            </details>
          </CardContent>
        </Card>
      </div>

      <Card className="mt-4">
        <CardHeader>
          <CardTitle>Ledger</CardTitle>
          <CardDescription>Every grant, charge and refund, newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {ledger.rows.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No ledger entries{before ? " before this point" : " yet"}.
            </p>
          ) : (
            <>
              {/* Phones get a stacked list: five columns don't fit in 390 px. */}
              <ul className="divide-y sm:hidden" aria-label="Ledger entries">
                {ledger.rows.map((r) => (
                  <LedgerItem key={r.id} row={r} timeZone={timeZone} />
                ))}
              </ul>
              <Table data-testid="ledger" className="hidden sm:table">
                <TableHeader>
                  <TableRow>
                    <TableHead>Time</TableHead>
                    <TableHead>Entry</TableHead>
                    <TableHead className="text-right">Amount</TableHead>
                    <TableHead className="text-right">Balance after</TableHead>
                    <TableHead className="hidden md:table-cell">Note</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {ledger.rows.map((r) => (
                    <LedgerLine key={r.id} row={r} timeZone={timeZone} />
                  ))}
                </TableBody>
              </Table>
            </>
          )}
          <div className="mt-4 flex items-center justify-between gap-2">
            {before ? (
              <Button asChild variant="outline" size="sm">
                <Link href={qs({ range: range === 30 ? null : range })}>Newest</Link>
              </Button>
            ) : (
              <span />
            )}
            {ledger.nextBefore ? (
              <Button asChild variant="outline" size="sm">
                <Link href={qs({ range: range === 30 ? null : range, before: ledger.nextBefore })}>
                  Older entries
                </Link>
              </Button>
            ) : null}
          </div>
        </CardContent>
      </Card>
    </>
  );
}

// Neutral badges: the tinted success/warning ones fall below 4.5:1 contrast at this size.
function ledgerHref(row: LedgerRow) {
  return row.callId ? `/calls/${row.callId}` : row.deliveryId ? "/developers/webhooks/deliveries" : null;
}

function signed(n: number) {
  return n > 0 ? `+${n.toLocaleString("en")}` : n.toLocaleString("en");
}

function LedgerItem({ row, timeZone }: { row: LedgerRow; timeZone: string }) {
  const href = ledgerHref(row);
  return (
    <li className="flex flex-col gap-1 py-3 first:pt-0 last:pb-0">
      <div className="flex items-center justify-between gap-2">
        <span className="flex flex-wrap items-center gap-2 text-sm">
          <Badge variant={KIND_BADGE[row.kind]}>{row.kind}</Badge>
          {row.channel ? <span className="text-muted-foreground">{CHANNEL_LABEL[row.channel]}</span> : null}
          {href ? (
            <Link href={href} className="text-primary hover:underline">
              {row.callId ? "Call" : "Delivery"}
              <span className="sr-only"> for ledger entry {row.id}</span>
            </Link>
          ) : null}
        </span>
        <span className={cn("font-medium tabular-nums", row.amount > 0 ? "text-success" : "")}>
          {signed(row.amount)}
        </span>
      </div>
      <div className="flex justify-between gap-2 text-xs text-muted-foreground">
        <span>{formatDateTime(row.createdAt, timeZone)}</span>
        <span className="tabular-nums">balance {row.balanceAfter.toLocaleString("en")}</span>
      </div>
      {row.note ? <p className="text-xs text-muted-foreground">{row.note}</p> : null}
    </li>
  );
}

const KIND_BADGE = { grant: "default", charge: "outline", refund: "default" } as const;

function LedgerLine({ row, timeZone }: { row: LedgerRow; timeZone: string }) {
  const href = ledgerHref(row);
  return (
    <TableRow data-ledger-id={row.id}>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        {formatDateTime(row.createdAt, timeZone)}
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={KIND_BADGE[row.kind]}>{row.kind}</Badge>
          {row.channel ? <span className="text-muted-foreground">{CHANNEL_LABEL[row.channel]}</span> : null}
          {href ? (
            <Link href={href} className="inline-flex items-center gap-1 text-primary hover:underline">
              {row.callId ? "Call" : "Delivery"}
              <ExternalLink className="size-3" aria-hidden />
              <span className="sr-only">for ledger entry {row.id}</span>
            </Link>
          ) : null}
        </div>
        {row.note ? <p className="mt-1 text-xs text-muted-foreground md:hidden">{row.note}</p> : null}
      </TableCell>
      <TableCell
        className={cn("text-right font-medium tabular-nums", row.amount > 0 ? "text-success" : "")}
        data-testid="ledger-amount"
      >
        {signed(row.amount)}
      </TableCell>
      <TableCell className="text-right tabular-nums">{row.balanceAfter.toLocaleString("en")}</TableCell>
      {/* Wraps rather than truncates: a refund's note says why (an undelivered SMS's carrier reason). */}
      <TableCell className="hidden max-w-80 text-muted-foreground md:table-cell">
        {row.note}
      </TableCell>
    </TableRow>
  );
}
