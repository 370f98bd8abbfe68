"use client";

import { AlertTriangle, Pencil, Trash2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import { CHANNEL_LABEL, formatCredits, priceOf } from "@/lib/pricing";
import { cn } from "@/lib/utils";
import { CHANNEL_ICON, CHANNEL_TINT, TONE } from "./channel-meta";
import type { DraftAction } from "./draft";
import { CALL_STATUSES, STATUS_LABEL } from "@/lib/post-call-actions/labels";
import { TestSend } from "./test-send";

export function conditionsText(c: DraftAction["conditions"]) {
  const all = c.statuses.length === CALL_STATUSES.length;
  const statuses = all ? "every call" : `${c.statuses.map((s) => STATUS_LABEL[s].toLowerCase()).join(", ")} calls`;
  return c.min_duration_seconds > 0 ? `After ${statuses} of ${c.min_duration_seconds.toLocaleString("en")} s or more` : `After ${statuses}`;
}

/** The action's own message or headers, in a line; header values never appear. */
function extrasText(a: DraftAction): string | null {
  if (a.channel === "webhook") return a.headers?.length ? `Headers: ${a.headers.map((h) => h.name).join(", ")}` : null;
  const t = a.template;
  if (!t) return null;
  const words = (t.body ?? t.subject ?? t.intro ?? "").replace(/\s+/g, " ");
  return `Own message: “${words}”`;
}

const DISABLED_REASON: Record<string, string> = {
  gone: "Paused: the endpoint answered 410 Gone. Fix the URL or switch it back on.",
  failing: "Paused: the endpoint failed for 5 days. Fix it, then switch it back on.",
};

export function ActionCard({
  action,
  destination,
  state,
  canEdit,
  savedId,
  error,
  onToggle,
  onEdit,
  onDelete,
}: {
  action: DraftAction;
  /** Where it goes, as shown (an SMS number formatted: destination.ts). */
  destination: string;
  /** How it differs from what is saved. */
  state: "saved" | "new" | "edited";
  canEdit: boolean;
  /** The saved action's id when the card shows exactly what is saved (a test sends what is stored). */
  savedId: string | null;
  error?: string;
  onToggle: (enabled: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const Icon = CHANNEL_ICON[action.channel];
  const price = priceOf(action.channel);
  const label = `${CHANNEL_LABEL[action.channel]} to ${destination}`;
  const switchId = `enabled-${action.key}`;
  return (
    <li
      className={cn(
        "rounded-lg border bg-card p-4 shadow-sm transition-colors sm:p-5",
        state !== "saved" && "border-primary/50 ring-1 ring-primary/20",
        error && "border-destructive",
      )}
      aria-label={label}
      data-testid="action-card"
    >
      <div className="flex items-start gap-3">
        <span className={cn("grid size-10 shrink-0 place-items-center rounded-md", CHANNEL_TINT[action.channel], !action.enabled && "opacity-60")}>
          <Icon className="size-5" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 className="font-semibold">{CHANNEL_LABEL[action.channel]}</h3>
            <Badge className={cn("tabular-nums", price === 0 && TONE.free)}>
              {price === 0 ? "Free" : `${formatCredits(price)} / call`}
            </Badge>
            {state === "new" ? <Badge className={TONE.unsaved}>New · unsaved</Badge> : null}
            {state === "edited" ? <Badge className={TONE.unsaved}>Edited · unsaved</Badge> : null}
            {!action.enabled ? <Badge variant="outline">Off</Badge> : null}
          </div>
          <p className="mt-1 truncate font-mono text-sm" title={action.to}>
            {destination}
          </p>
          <p className="mt-1 text-sm text-muted-foreground">{conditionsText(action.conditions)}</p>
          {extrasText(action) ? <p className="mt-1 truncate text-sm text-muted-foreground">{extrasText(action)}</p> : null}
          {action.disabled_reason ? (
            <p className="mt-2 flex items-start gap-1.5 text-sm text-warning">
              <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
              {DISABLED_REASON[action.disabled_reason] ?? `Paused: ${action.disabled_reason}.`}
            </p>
          ) : null}
          {error ? (
            <p role="alert" className="mt-2 text-sm text-destructive">
              {error}
            </p>
          ) : null}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <label htmlFor={switchId} className="text-sm text-muted-foreground max-sm:sr-only">
            {action.enabled ? "On" : "Off"}
          </label>
          <Switch
            id={switchId}
            checked={action.enabled}
            onCheckedChange={onToggle}
            disabled={!canEdit}
            aria-label={`Enabled: ${label}`}
          />
        </div>
      </div>
      {canEdit ? (
        <div className="mt-4 flex flex-wrap items-start gap-2 border-t pt-3">
          <Button type="button" variant="ghost" size="sm" onClick={onEdit} aria-label={`Edit ${label}`}>
            <Pencil aria-hidden /> Edit
          </Button>
          <Button type="button" variant="ghost" size="sm" onClick={onDelete} aria-label={`Delete ${label}`} className="text-destructive hover:text-destructive">
            <Trash2 aria-hidden /> Delete
          </Button>
          <div className="ml-auto min-w-0 max-w-full">
            <TestSend
              actionId={savedId}
              label={label}
              disabledReason={savedId ? null : "Save your changes to send a test of this action."}
            />
          </div>
        </div>
      ) : null}
    </li>
  );
}
