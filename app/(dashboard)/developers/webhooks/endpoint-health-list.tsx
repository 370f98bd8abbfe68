import { Activity, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { BarSparkline } from "@/components/bar-sparkline";
import { Badge } from "@/components/ui/badge";
import type { EndpointHealth, HealthWindow } from "@/db/queries/endpoint-health";
import type { RecoveryProgress } from "@/db/queries/webhook-recovery";
import { formatDateTime } from "@/lib/format";
import { ReenableButton } from "./deliveries/delivery-buttons";
import { RecoverFailedForm } from "./recover-failed-form";

const DISABLED_WHY: Record<string, string> = {
  gone: "it answered 410 Gone",
  failing: "it kept failing for 5 days",
};

function percent(rate: number | null) {
  if (rate === null) return "—";
  return `${(Math.floor(rate * 1000) / 10).toLocaleString("en", { maximumFractionDigits: 1 })}%`;
}
/** "HTTP 503", "timed out after 10 s", or both when the error says more than the status. */
function describeError(e: { statusCode: number | null; error: string | null }) {
  const status = e.statusCode ? `HTTP ${e.statusCode}` : null;
  const error = e.error && e.error !== status ? e.error : null;
  return [status, error].filter(Boolean).join(" · ") || "unknown error";
}
const ms = (v: number | null) => (v === null ? "—" : `${v.toLocaleString("en")} ms`);

function WindowFigures({ title, w }: { title: string; w: HealthWindow }) {
  return (
    <div className="grid gap-1">
      <h4 className="text-xs font-medium text-muted-foreground">{title}</h4>
      <dl className="grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-xs text-muted-foreground">Success</dt>
          <dd className="font-medium tabular-nums">{percent(w.successRate)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">p50</dt>
          <dd className="tabular-nums">{ms(w.p50Ms)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted-foreground">p95</dt>
          <dd className="tabular-nums">{ms(w.p95Ms)}</dd>
        </div>
      </dl>
      <p className="text-xs text-muted-foreground tabular-nums">
        {w.attempts === 0 ? "No attempts" : `${w.succeeded.toLocaleString("en")} of ${w.attempts.toLocaleString("en")} attempts succeeded`}
      </p>
    </div>
  );
}

/**
 * Each webhook endpoint (a webhook post-call action): whether it receives, its health over 24 hours and
 * 7 days with failed attempts per day, and — for owners and developers — re-enable and "resend
 * everything that failed since …".
 */
export function EndpointHealthList({
  endpoints,
  recoveries,
  timeZone,
  timeZoneLabel,
  defaultSince,
  editable,
}: {
  endpoints: EndpointHealth[];
  recoveries: Map<string, RecoveryProgress>;
  timeZone: string;
  timeZoneLabel: string;
  defaultSince: string;
  editable: boolean;
}) {
  if (endpoints.length === 0) {
    return (
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <Activity className="size-4 shrink-0" aria-hidden /> No webhook endpoint yet. Add a webhook action under{" "}
        <Link className="text-primary underline underline-offset-4" href="/settings/post-call-actions">
          Post-call actions
        </Link>
        .
      </p>
    );
  }
  return (
    <ul className="grid gap-6 divide-y" aria-label="Webhook endpoints">
      {endpoints.map((e) => {
        const latest = recoveries.get(e.destination);
        return (
          <li key={e.actionId} className="grid gap-4 pb-6 last:pb-0" data-testid="endpoint">
            <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
              <h3 className="min-w-0 font-mono text-sm font-medium break-all">{e.destination}</h3>
              <div className="shrink-0">
                {e.disabledAt ? (
                  <Badge variant="destructive">Disabled</Badge>
                ) : !e.enabled ? (
                  <Badge variant="outline">Paused</Badge>
                ) : e.failingSince ? (
                  <Badge variant="warning">Failing</Badge>
                ) : (
                  <Badge variant="success">Receiving</Badge>
                )}
              </div>
            </div>

            {e.disabledAt ? (
              <div role="status" className="flex flex-col gap-3 rounded-lg border border-warning/40 bg-warning/10 p-3 sm:flex-row sm:items-center sm:justify-between">
                <p className="flex items-start gap-2 text-sm">
                  <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
                  <span>
                    Disabled since <time dateTime={e.disabledAt.toISOString()}>{formatDateTime(e.disabledAt, timeZone)}</time>:{" "}
                    {DISABLED_WHY[e.disabledReason ?? ""] ?? e.disabledReason}. New calls are not delivered to it.
                  </span>
                </p>
                {editable ? <ReenableButton actionId={e.actionId} /> : null}
              </div>
            ) : e.failingSince ? (
              <p className="text-sm text-muted-foreground">
                Failing since <time dateTime={e.failingSince.toISOString()}>{formatDateTime(e.failingSince, timeZone)}</time>; it is disabled after 5
                days of failures.
              </p>
            ) : null}

            <div className="grid gap-4 md:grid-cols-[1fr_1fr_minmax(0,1.2fr)]">
              <WindowFigures title="Last 24 hours" w={e.last24h} />
              <WindowFigures title="Last 7 days" w={e.last7d} />
              <div className="grid gap-1">
                <p className="text-xs font-medium text-muted-foreground" aria-hidden>
                  Failed attempts per day
                </p>
                {e.last7d.attempts > 0 ? (
                  <BarSparkline data={e.failuresByDay} label={`Failed attempts per day to ${e.destination}, last 7 days`} />
                ) : (
                  <p className="text-sm text-muted-foreground">No attempts in 7 days.</p>
                )}
              </div>
            </div>

            <p className="text-sm">
              <span className="text-muted-foreground">Last error: </span>
              {e.lastError ? (
                <>
                  <span className="break-words">{describeError(e.lastError)}</span>{" "}
                  <time className="text-muted-foreground" dateTime={e.lastError.at.toISOString()}>
                    ({formatDateTime(e.lastError.at, timeZone)})
                  </time>
                </>
              ) : (
                <span className="text-muted-foreground">none in 7 days</span>
              )}
            </p>

            {editable ? (
              <RecoverFailedForm
                destination={e.destination}
                defaultSince={defaultSince}
                timeZoneLabel={timeZoneLabel}
                disabled={e.disabledAt !== null}
                latest={latest ? { id: latest.id, total: latest.total, queued: latest.queued, delivered: latest.delivered, stillFailing: latest.stillFailing, more: latest.more } : null}
              />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
