import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { auditActions, auditLogPage } from "@/db/queries/audit-log";
import { formatDateTime } from "@/lib/format-time";
import { requireMember } from "@/lib/member";

export const metadata: Metadata = { title: "Audit log" };

type Search = { action?: string; before?: string };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requireMember();
  const params = await searchParams;
  const action = params.action?.trim() || null;
  const before = params.before && /^\d+$/.test(params.before) ? Number(params.before) : null;
  const [account, actions, page] = await Promise.all([
    getAccount(db, member.accountId),
    auditActions(db, member.accountId),
    auditLogPage(db, member.accountId, { action, before, limit: 50 }),
  ]);
  const timeZone = account?.timeZone ?? "UTC";
  const link = (p: { action?: string | null; before?: number | null }) => {
    const s = new URLSearchParams();
    if (p.action) s.set("action", p.action);
    if (p.before) s.set("before", String(p.before));
    const q = s.toString();
    return q ? `/settings/audit-log?${q}` : "/settings/audit-log";
  };
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Who did what in ${member.accountName}, and when (${timeZone}). Entries can't be changed or deleted.`}
      />
      {/* A plain GET form: the filter works without JavaScript and the URL can be shared. */}
      <form method="get" action="/settings/audit-log" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-2">
          <Label htmlFor="action-filter">Action</Label>
          <NativeSelect id="action-filter" name="action" defaultValue={action ?? ""} className="w-64">
            <option value="">All actions</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" variant="outline">
          Filter
        </Button>
        {action ? (
          <Button asChild variant="ghost">
            <Link href="/settings/audit-log">Clear</Link>
          </Button>
        ) : null}
      </form>
      {page.rows.length === 0 ? (
        <EmptyState icon={ScrollText} title={action ? `No “${action}” entries` : "Nothing recorded yet"}>
          Sign-ins, team changes, settings changes, secrets, API keys and credit grants appear here.
        </EmptyState>
      ) : (
        <Card>
          <CardContent className="p-0 sm:p-2">
            {/* Phones get a stacked list; the table needs more width than 390 px. */}
            <ul className="divide-y sm:hidden" aria-label="Audit log entries">
              {page.rows.map((r) => (
                <li key={r.id} className="flex flex-col gap-1 px-4 py-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{r.action}</code>
                    <span className="text-xs text-muted-foreground">
                      {formatDateTime(r.createdAt, timeZone)}
                    </span>
                  </div>
                  <p className="break-all text-sm">{r.actorLabel}</p>
                  {r.target ? <p className="break-all text-xs text-muted-foreground">{r.target}</p> : null}
                </li>
              ))}
            </ul>
            <Table data-testid="audit-log" className="hidden sm:table">
              <TableHeader>
                <TableRow>
                  <TableHead>Time</TableHead>
                  <TableHead>Who</TableHead>
                  <TableHead>Action</TableHead>
                  <TableHead>Target</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.rows.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {formatDateTime(r.createdAt, timeZone)}
                    </TableCell>
                    <TableCell className="max-w-48 truncate">{r.actorLabel}</TableCell>
                    <TableCell>
                      <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{r.action}</code>
                    </TableCell>
                    <TableCell className="max-w-72 truncate text-muted-foreground">{r.target}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      <div className="mt-4 flex justify-between gap-2">
        {before ? (
          <Button asChild variant="outline" size="sm">
            <Link href={link({ action })}>Newest</Link>
          </Button>
        ) : (
          <span />
        )}
        {page.nextBefore ? (
          <Button asChild variant="outline" size="sm">
            <Link href={link({ action, before: page.nextBefore })}>Older entries</Link>
          </Button>
        ) : null}
      </div>
    </>
  );
}
