"use client";

import { AlertTriangle, Coins, Lightbulb } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CHANNEL_LABEL } from "@/lib/pricing";
import { cn } from "@/lib/utils";
import { TONE } from "./channel-meta";
import { formatRunway, type CostPreview as Preview } from "@/lib/post-call-actions/cost";
import { destinationText, type PhoneDisplay } from "./destination";
import type { DraftAction } from "./draft";

const n = (v: number) => v.toLocaleString("en");

/**
 * The live cost of the list on the page, saved or not. Fixed rows and tabular figures, so numbers
 * change in place as switches flip instead of moving the layout.
 */
export function CostPreview({
  preview,
  draft,
  phones,
  balance,
  dirty,
}: {
  preview: Preview;
  draft: DraftAction[];
  phones: PhoneDisplay;
  balance: number;
  dirty: boolean;
}) {
  const byKey = new Map(draft.map((a) => [a.key, a]));
  return (
    <Card aria-labelledby="cost-title" data-testid="cost-preview">
      <CardHeader className="pb-3">
        <div className="flex items-center justify-between gap-2">
          <CardTitle id="cost-title" className="flex items-center gap-2">
            <Coins className="size-4 text-primary" aria-hidden /> Credit cost
          </CardTitle>
          <Badge variant="outline" className={cn(dirty && TONE.unsaved)}>{dirty ? "Unsaved preview" : "As saved"}</Badge>
        </div>
        <CardDescription>SMS 10 credits (at most 2 segments each), email 20, webhooks free. Updates as you edit.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <div>
          <div className="flex items-baseline justify-between gap-2">
            <span className="text-sm font-medium">Per call</span>
            <span className="text-2xl font-semibold tabular-nums" data-testid="cost-per-call">
              {n(preview.perCall)} <span className="text-sm font-normal text-muted-foreground">credits</span>
            </span>
          </div>
          <ul className="mt-2 flex flex-col gap-1 text-sm" aria-label="Cost per action">
            {preview.breakdown.length === 0 ? <li className="text-muted-foreground">No actions yet.</li> : null}
            {preview.breakdown.map((b) => {
              const action = byKey.get(b.key);
              const on = action?.enabled ?? false;
              return (
                <li key={b.key} className={cn("flex items-start justify-between gap-3", !on && "text-muted-foreground")}>
                  <span className="min-w-0">
                    <span className={cn("block truncate", !on && "line-through")}>
                      {CHANNEL_LABEL[b.channel]} · {action ? destinationText(action, phones) : ""}
                    </span>
                    {on ? (
                      <span className="block text-xs text-muted-foreground tabular-nums">
                        {n(b.matchedCalls)} of the last 30 days&apos; calls · {n(b.monthlyCredits)} credits
                      </span>
                    ) : null}
                  </span>
                  <span className="shrink-0 tabular-nums">{!on ? "Off" : b.price === 0 ? "Free" : n(b.price)}</span>
                </li>
              );
            })}
          </ul>
        </div>

        <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-2 border-t pt-4 text-sm">
          <dt className="text-muted-foreground">Calls in the last 30 days</dt>
          <dd className="text-right tabular-nums" data-testid="calls-30d">
            {n(preview.totalCalls)}
          </dd>
          <dt className="text-muted-foreground">Would trigger an action</dt>
          <dd className="text-right tabular-nums" data-testid="matched-calls">
            {n(preview.matchedCalls)}
          </dd>
          <dt className="font-medium">Projected credits a month</dt>
          <dd className="text-right font-semibold tabular-nums" data-testid="monthly-credits">
            {n(preview.monthlyCredits)}
          </dd>
          <dt className="text-muted-foreground">Balance of {n(balance)} lasts</dt>
          <dd className="text-right tabular-nums" data-testid="balance-days">
            {formatRunway(preview.balanceDays)}
          </dd>
        </dl>

        {/* Always one line here, warning or tip, so the card keeps its height. */}
        {preview.smsAndEmail ? (
          <p className={cn("flex min-h-12 items-start gap-2 rounded-md p-2.5 text-sm", TONE.warning)} role="status" data-testid="sms-email-warning">
            <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
            Enabling both SMS and Email notifications will result in higher credit usage.
          </p>
        ) : (
          <p className="flex min-h-12 items-start gap-2 rounded-md bg-muted p-2.5 text-sm text-muted-foreground" role="status">
            <Lightbulb className="mt-0.5 size-4 shrink-0" aria-hidden />
            Projection: the last 30 days&apos; calls, run through these actions&apos; conditions.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
