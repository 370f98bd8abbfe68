import { Bot } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listAgents } from "@/db/queries/agents";
import { agentDetail, agentLabel } from "@/lib/agents/label";
import { formatDateTime } from "@/lib/format-time";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { AgentNameForm } from "./agent-name-form";

export const metadata: Metadata = { title: "Agents" };

const link = "text-primary underline underline-offset-4";

export default async function AgentsPage() {
  const member = await requireMember();
  const [account, agents] = await Promise.all([getAccount(db, member.accountId), listAgents(db, member.accountId)]);
  const editable = can(member, CAN_EDIT);
  const timeZone = account?.timeZone ?? "UTC";

  return (
    <>
      <Link href="/settings" className="mb-3 inline-block text-sm text-muted-foreground hover:text-foreground">
        ← Settings
      </Link>
      <PageHeader
        title="Agents"
        description="Each agent number and each voice platform agent that takes your calls. Name them, then filter calls by agent and route post-call actions to the people who handle each one."
      />
      {agents.length === 0 ? (
        <EmptyState icon={Bot} title="No agents yet">
          An agent appears here when its first call arrives, or as soon as you add its number under{" "}
          <Link href="/settings/phone-numbers" className={link}>
            Phone numbers
          </Link>
          . Calls from{" "}
          <Link href="/settings/voice-platforms" className={link}>
            voice platforms
          </Link>{" "}
          add their agents by themselves.
        </EmptyState>
      ) : (
        <Card>
          <CardHeader>
            <CardTitle>Your agents</CardTitle>
            <CardDescription>
              {editable ? "Give each a name your team recognises, like “Rentals line”." : "Owners and developers can rename agents."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col divide-y" aria-label="Agents" data-testid="agents">
              {agents.map((a) => {
                const fallback = agentLabel({ ...a, name: null });
                return (
                  <li key={a.id} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:gap-4" data-testid="agent-row">
                    <Bot className="hidden size-4 shrink-0 text-muted-foreground sm:block" aria-hidden />
                    <div className="min-w-0 flex-1">
                      {editable ? (
                        <AgentNameForm id={a.id} name={a.name} fallback={fallback} />
                      ) : (
                        <p className="truncate font-medium" data-testid="agent-name">
                          {agentLabel(a)}
                        </p>
                      )}
                      <p className="truncate text-xs text-muted-foreground">{agentDetail(a)}</p>
                    </div>
                    <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
                      <span>{a.lastCallAt ? `Last call ${formatDateTime(a.lastCallAt, timeZone)}` : "No calls yet"}</span>
                      {a.lastCallAt ? (
                        <Link href={`/calls?agent=${a.id}`} className={link} aria-label={`Calls taken by ${agentLabel(a)}`}>
                          Calls
                        </Link>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      )}
    </>
  );
}
