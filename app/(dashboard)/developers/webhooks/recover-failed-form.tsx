"use client";

import { Loader2, RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/lib/toast";
import { recoverFailedAction, recoveryProgressAction } from "./actions";

type Progress = { id: string; total: number; queued: number; delivered: number; stillFailing: number; more: boolean };

const POLL_MS = 2000;
const n = (v: number) => v.toLocaleString("en");

/**
 * "Resend everything that failed since …" for one endpoint, then its progress: how many were queued
 * again, delivered and still failing, refreshed every 2 s until none is waiting.
 */
export function RecoverFailedForm({
  destination,
  defaultSince,
  timeZoneLabel,
  latest,
  disabled,
}: {
  destination: string;
  /** `YYYY-MM-DDTHH:mm` in the account's time zone. */
  defaultSince: string;
  timeZoneLabel: string;
  latest: Progress | null;
  disabled: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const [since, setSince] = useState(defaultSince);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(latest);
  const [pending, startTransition] = useTransition();

  const running = progress !== null && progress.queued > 0;
  useEffect(() => {
    if (!running || !progress) return;
    const timer = setInterval(async () => {
      const result = await recoveryProgressAction(progress.id);
      if (result.ok) setProgress(result.data);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, progress]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await recoverFailedAction({ since, to: destination });
      if (!result.ok) {
        const field = result.fields?.find((f) => f.field === "since");
        if (field) setError(field.message[0]!.toUpperCase() + field.message.slice(1) + ".");
        else toast.error(result.error);
        return;
      }
      setProgress(result.data);
      toast.success(result.data.total === 0 ? "Nothing failed since then" : `${n(result.data.total)} queued again with their webhook-ids`);
      router.refresh();
    });
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className="grid gap-3">
      <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end" aria-label={`Resend failed deliveries to ${destination}`}>
        <div className="grid min-w-0 gap-1.5">
          <label htmlFor={`${id}-since`} className="text-sm font-medium">
            Resend everything that failed since
          </label>
          <Input
            id={`${id}-since`}
            type="datetime-local"
            required
            value={since}
            onChange={(e) => setSince(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            className="sm:w-56"
            disabled={disabled}
          />
        </div>
        <Button type="submit" variant="outline" disabled={pending || disabled}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RotateCw aria-hidden />}
          Resend failed
        </Button>
      </form>
      {error ? (
        <p id={errorId} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <p id={hintId} className="text-xs text-muted-foreground">
        {disabled
          ? "Re-enable the endpoint first."
          : `${timeZoneLabel}. Each keeps its webhook-id; up to 1,000 per press, including deliveries skipped while the endpoint was disabled.`}
      </p>
      <div role="status" aria-live="polite" className="text-sm">
        {progress ? <ProgressLine progress={progress} /> : null}
      </div>
    </div>
  );
}

function ProgressLine({ progress: p }: { progress: Progress }) {
  if (p.total === 0) return <p className="text-muted-foreground">The last resend found nothing that failed since then.</p>;
  const done = p.delivered + p.stillFailing;
  return (
    <div className="grid gap-2" data-testid="recovery-progress">
      <p>
        <span className="font-medium">{n(p.total)} queued again</span> · <span className="text-success">{n(p.delivered)} delivered</span> ·{" "}
        <span className={p.stillFailing ? "text-destructive" : undefined}>{n(p.stillFailing)} still failing</span>
        {p.queued > 0 ? <span className="text-muted-foreground"> · {n(p.queued)} waiting</span> : null}
      </p>
      <div className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden>
        <div className="h-full bg-primary transition-[width]" style={{ width: `${(done / p.total) * 100}%` }} />
      </div>
      {p.more ? <p className="text-muted-foreground">More failed deliveries remain: press again to queue the next 1,000.</p> : null}
    </div>
  );
}
