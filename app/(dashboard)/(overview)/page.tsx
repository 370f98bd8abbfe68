import {
  AlertTriangle,
  ArrowRight,
  CheckCircle2,
  Coins,
  Mail,
  MessageSquare,
  PhoneCall,
  Webhook,
} from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { BarSparkline } from "@/components/bar-sparkline";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { gettingStartedFacts } from "@/db/queries/getting-started";
import { listAgents } from "@/db/queries/agents";
import { overviewFigures, type AttentionItem } from "@/db/queries/overview";
import { agentLabel } from "@/lib/agents/label";
import { agentIdSchema } from "@/lib/agents/schema";
import { formatDateTime } from "@/lib/format-time";
import { getEnv } from "@/lib/env";
import { gettingStarted } from "@/lib/getting-started";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { CHANNEL_LABEL, CREDITS_PER_MESSAGE } from "@/lib/pricing";
import { AgentFilter } from "./agent-filter";
import { GettingStarted } from "./getting-started";

export const metadata: Metadata = { title: "Overview" };

const CHANNEL_ICON = { sms: MessageSquare, email: Mail, webhook: Webhook } as const;

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const { agent: agentParam } = await searchParams;
  // A malformed or foreign agent id shows the whole account rather than an error page.
  const agentId = agentIdSchema.safeParse(Array.isArray(agentParam) ? agentParam[0] : agentParam).data;
  const [account, agents] = await Promise.all([getAccount(db, member.accountId), listAgents(db, member.accountId)]);
  const agent = agents.find((a) => a.id === agentId) ?? null;
  const timeZone = account?.timeZone ?? "UTC";
  const [f, facts] = await Promise.all([
    overviewFigures(db, member.accountId, timeZone, agent?.id),
    gettingStartedFacts(db, member.accountId),
  ]);
  const checklist = gettingStarted(facts);
  const env = getEnv();
  return (
    <>
      <PageHeader
        title="Overview"
        description={`What happened on ${agent ? `${agentLabel(agent)}'s calls (${member.accountName})` : `${member.accountName}'s calls`}. Times in ${timeZone}.`}
        actions={agents.length > 0 ? <AgentFilter agents={agents.map((a) => ({ id: a.id, label: agentLabel(a) }))} value={agent?.id ?? ""} /> : undefined}
      />
      {checklist.visible ? (
        <GettingStarted
          steps={checklist.steps}
          complete={checklist.complete}
          doneCount={checklist.doneCount}
          canEdit={can(member, CAN_EDIT)}
          outbox={!env.RESEND_API_KEY || !env.TWILIO_ACCOUNT_SID}
        />
      ) : null}
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <Stat icon={PhoneCall} label="Calls today" value={f.callsToday} testId="calls-today" />
        <Stat icon={PhoneCall} label="Calls this week" value={f.callsThisWeek} testId="calls-week" />
        <Stat
          icon={Coins}
          label="Credits used this week"
          value={f.creditsUsedThisWeek}
          testId="credits-used-week"
        />
        <Card>
          <CardHeader>
            <CardDescription className="flex items-center gap-2">
              <Coins className="size-4 shrink-0" aria-hidden /> Credit balance
            </CardDescription>
            <CardTitle className="text-2xl tabular-nums sm:text-3xl" data-testid="credit-balance">
              {f.balance.toLocaleString("en")}
            </CardTitle>
            <p className="text-sm text-muted-foreground" data-testid="days-remaining">
              {f.daysRemaining === null
                ? "No spend in the last 30 days"
                : f.daysRemaining > 365
                  ? "Lasts over a year at the current rate"
                  : `About ${f.daysRemaining.toLocaleString("en")} day${f.daysRemaining === 1 ? "" : "s"} left at the current rate`}
            </p>
          </CardHeader>
        </Card>
      </div>

      <div className="mt-4 grid gap-4 lg:grid-cols-[2fr_3fr]">
        <Card>
          <CardHeader>
            <CardTitle>Actions sent this week</CardTitle>
            <CardDescription>Messages delivered, by channel.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col gap-3">
              {(["sms", "email", "webhook"] as const).map((c) => {
                const Icon = CHANNEL_ICON[c];
                return (
                  <li key={c} className="flex items-center justify-between gap-3">
                    <span className="flex items-center gap-2 text-sm">
                      <Icon className="size-4 text-muted-foreground" aria-hidden />
                      {CHANNEL_LABEL[c]}
                      <span className="text-xs text-muted-foreground">
                        {CREDITS_PER_MESSAGE[c] ? `${CREDITS_PER_MESSAGE[c]} credits each` : "free"}
                      </span>
                    </span>
                    <span className="font-semibold tabular-nums" data-testid={`sent-${c}`}>
                      {f.sentThisWeek[c].toLocaleString("en")}
                    </span>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Calls, last 14 days</CardTitle>
          </CardHeader>
          <CardContent>
            <BarSparkline
              label="Calls per day, last 14 days"
              data={f.callsPerDay.map((d) => ({ day: d.day, value: d.calls }))}
            />
          </CardContent>
        </Card>
      </div>

      <Card className="mt-4">
        <CardHeader>
          <CardTitle>Needs attention</CardTitle>
          <CardDescription>Problems from the last 7 days, each with where to fix it.</CardDescription>
        </CardHeader>
        <CardContent>
          {f.attention.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="all-clear">
              <CheckCircle2 className="size-4 text-success" aria-hidden /> All clear: nothing failed, nothing
              skipped.
            </p>
          ) : (
            <ul className="divide-y" data-testid="needs-attention">
              {f.attention.map((item, i) => (
                <AttentionRow key={i} item={item} timeZone={timeZone} />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function Stat({
  icon: Icon,
  label,
  value,
  testId,
}: {
  icon: typeof PhoneCall;
  label: string;
  value: number;
  testId: string;
}) {
  return (
    <Card>
      <CardHeader>
        <CardDescription className="flex items-center gap-2">
          <Icon className="size-4 shrink-0" aria-hidden /> {label}
        </CardDescription>
        <CardTitle className="text-2xl tabular-nums sm:text-3xl" data-testid={testId}>
          {value.toLocaleString("en")}
        </CardTitle>
      </CardHeader>
    </Card>
  );
}

function attentionText(
  item: AttentionItem,
  timeZone: string,
): { title: string; detail: string; href: string; cta: string } {
  switch (item.kind) {
    case "failed_delivery":
      return {
        title: `${CHANNEL_LABEL[item.channel]} to ${item.destination} failed`,
        detail: `${item.reason ?? "Delivery failed"} · ${formatDateTime(item.at, timeZone)}`,
        href: item.callId ? `/calls/${item.callId}` : "/developers/webhooks/deliveries",
        cta: item.callId ? "Open the call" : "Open deliveries",
      };
    case "disabled_endpoint":
      return {
        title: `Webhook endpoint ${item.destination} is disabled`,
        detail: item.reason === "gone" ? "It answered 410 Gone." : "It kept failing for 5 days.",
        href: "/settings/post-call-actions",
        cta: "Fix the action",
      };
    case "low_balance":
      return {
        title: `Credit balance is low: ${item.balance.toLocaleString("en")}`,
        detail: `Below your alert threshold of ${item.threshold.toLocaleString("en")}.`,
        href: "/credits",
        cta: "See credits",
      };
    case "skipped_for_credits":
      return {
        title: `${item.count} action${item.count === 1 ? " was" : "s were"} skipped for lack of credits`,
        detail: "SMS and email actions are skipped while the balance can't cover them.",
        href: "/developers/webhooks/deliveries",
        cta: "See deliveries",
      };
  }
}

function AttentionRow({ item, timeZone }: { item: AttentionItem; timeZone: string }) {
  const t = attentionText(item, timeZone);
  return (
    <li className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex min-w-0 gap-3">
        <AlertTriangle className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
        <div className="min-w-0">
          <p className="break-words text-sm font-medium">{t.title}</p>
          <p className="text-sm text-muted-foreground">{t.detail}</p>
        </div>
      </div>
      <Link
        href={t.href}
        className="inline-flex shrink-0 items-center gap-1 pl-7 text-sm font-medium text-primary hover:underline sm:pl-0"
      >
        {t.cta} <ArrowRight className="size-4" aria-hidden />
      </Link>
    </li>
  );
}
