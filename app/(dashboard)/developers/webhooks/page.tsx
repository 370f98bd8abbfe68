import { History } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { endpointHealth } from "@/db/queries/endpoint-health";
import { listActions } from "@/db/queries/post-call-actions";
import { webhookSecretActivity, webhookSecretSummary } from "@/db/queries/webhook-secret-access";
import { latestRecoveries } from "@/db/queries/webhook-recovery";
import { formatDateTime } from "@/lib/format";
import { zoneAbbreviation } from "@/lib/format-time";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { toLocalInput } from "@/lib/zoned-time";
import { EndpointHealthList } from "./endpoint-health-list";
import { SecretRows } from "./secret-card";
import { SendTestEventButton } from "./send-test-event-button";

export const metadata: Metadata = { title: "Webhooks · Developer Tools" };

const ACTIVITY: Record<string, string> = {
  "webhook_secret.revealed": "Revealed the secret",
  "webhook_secret.copied": "Copied the secret",
  "webhook_secret.rotated": "Rotated the secret",
  "webhook_secret.previous_revoked": "Revoked the previous secret",
  "webhook_secret.read_via_api": "Read the secrets through the API",
};

/** The recovery form starts at a day ago: the usual outage is noticed within one. */
const dayAgo = () => new Date(Date.now() - 86400_000);

export default async function WebhooksPage() {
  const member = await requireMember();
  const account = await getAccount(db, member.accountId);
  const tz = account?.timeZone ?? "UTC";
  const [secrets, activity, actions, health, recoveries] = await Promise.all([
    webhookSecretSummary(db, member.accountId),
    webhookSecretActivity(db, member.accountId, 10),
    listActions(db, member.accountId),
    endpointHealth(db, member.accountId, tz),
    latestRecoveries(db, member.accountId),
  ]);
  const editable = can(member, CAN_EDIT);
  const webhookCount = actions.actions.filter((a) => a.channel === "webhook" && a.enabled).length;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Card>
        <CardHeader>
          <CardTitle as="h2">Signing secret</CardTitle>
          <CardDescription>
            Every webhook carries a <code className="font-mono">webhook-signature</code> made with this secret (Standard Webhooks). Verify it
            as the{" "}
            <Link className="text-primary underline underline-offset-4" href="/docs/webhooks#verify">
              integration guide
            </Link>{" "}
            shows.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SecretRows
            editable={editable}
            secrets={secrets.map((s) => ({
              id: s.id,
              lastFour: s.lastFour,
              current: s.current,
              created: formatDateTime(s.createdAt, tz),
              expires: s.expiresAt ? formatDateTime(s.expiresAt, tz) : null,
            }))}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Endpoints</CardTitle>
          <CardDescription>
            How each webhook endpoint answered: success rate and response times over the last 24 hours and 7 days, failed attempts per day,
            and the last error. After an outage, resend what failed; every attempt is in the{" "}
            <Link className="text-primary underline underline-offset-4" href="/developers/webhooks/deliveries">
              delivery log
            </Link>
            .
          </CardDescription>
        </CardHeader>
        <CardContent>
          <EndpointHealthList
            endpoints={health}
            recoveries={recoveries}
            timeZone={tz}
            timeZoneLabel={`Time in ${tz.replace(/_/g, " ")} (${zoneAbbreviation(tz)})`}
            defaultSince={toLocalInput(dayAgo(), tz)}
            editable={editable}
          />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Test events</CardTitle>
          <CardDescription>
            Sends a signed <code className="font-mono">&quot;test&quot;: true</code> event for a sample call to each enabled webhook action,
            through the real pipeline. It is free and shows in the{" "}
            <Link className="text-primary underline underline-offset-4" href="/developers/webhooks/deliveries">
              delivery log
            </Link>
            .
          </CardDescription>
        </CardHeader>
        <CardContent>
          {editable ? (
            <SendTestEventButton webhookCount={webhookCount} />
          ) : (
            <p className="text-sm text-muted-foreground">Owners and developers can send test events.</p>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle as="h2">Secret activity</CardTitle>
          <CardDescription>Who revealed, copied, rotated or revoked the secret: the latest 10, newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {activity.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <History className="size-4" aria-hidden /> Nobody has revealed, copied or rotated the secret yet.
            </p>
          ) : (
            <ul aria-label="Secret activity" className="divide-y text-sm">
              {activity.map((e) => {
                const lastFour = typeof e.meta?.lastFour === "string" ? ` …${e.meta.lastFour}` : "";
                return (
                  <li key={e.id} className="flex flex-col gap-0.5 py-2 sm:flex-row sm:items-center sm:justify-between sm:gap-4">
                    <span>
                      <span className="font-medium break-all">{e.actorLabel}</span> · {ACTIVITY[e.action] ?? e.action}
                      {lastFour}
                    </span>
                    <time dateTime={e.createdAt.toISOString()} className="shrink-0 text-muted-foreground">
                      {formatDateTime(e.createdAt, tz)}
                    </time>
                  </li>
                );
              })}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
