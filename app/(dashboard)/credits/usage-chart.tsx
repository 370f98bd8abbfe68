import type { UsageDay } from "@/db/queries/credits";
import { formatDay } from "@/lib/format-time";
import { labelledDays, niceTicks } from "./chart-scale";
import { UsageChartReader } from "./usage-chart-reader";

// Webhooks are free, so only the paid channels have bars; stacked SMS below email.
const SERIES = [
  { key: "sms", name: "SMS", className: "bg-primary" },
  { key: "email", name: "Email", className: "bg-success" },
] as const;

const pct = (v: number, top: number) => `${(Math.max(0, v) / top) * 100}%`;

/**
 * Credits used per day, stacked by channel: drawn on the server with CSS (no chart library in the
 * browser). A small client part (usage-chart-reader.tsx) adds the hover and arrow-key readout; the
 * numbers are also in the table under the chart.
 */
export function UsageChart({ data }: { data: UsageDay[] }) {
  const ticks = niceTicks(Math.max(0, ...data.map((d) => Math.max(0, d.sms) + Math.max(0, d.email))));
  const top = ticks.at(-1)!;
  const n = data.length;
  const empty = data.every((d) => d.sms <= 0 && d.email <= 0);
  return (
    <div
      role="figure"
      aria-label={
        empty
          ? "Credits used per day, by channel: none in this period."
          : "Credits used per day, by channel. Use the arrow keys on the chart to read each day, or open the table below."
      }
      data-testid="usage-chart"
      className="flex w-full flex-col gap-2"
    >
      <div className="grid h-64 grid-cols-[3rem_minmax(0,1fr)] grid-rows-[minmax(0,1fr)_1.5rem] pt-2 pr-2 text-[11px] text-muted-foreground">
        <div className="relative" aria-hidden>
          {ticks.map((t) => (
            <span key={t} className="absolute right-2 translate-y-1/2 tabular-nums leading-none" style={{ bottom: pct(t, top) }}>
              {t.toLocaleString("en")}
            </span>
          ))}
        </div>
        <UsageChartReader
          days={data.map((d) => ({ label: formatDay(d.day), values: SERIES.map((s) => d[s.key]) }))}
          series={SERIES.map((s) => ({ name: s.name, className: s.className }))}
        >
          {ticks.map((t) => (
            <div key={t} aria-hidden className="absolute inset-x-0 border-t border-border" style={{ bottom: pct(t, top) }} />
          ))}
          <div aria-hidden className="absolute inset-0 flex items-end">
            {data.map((d) => (
              <div key={d.day} className="flex h-full flex-1 justify-center">
                <div className="flex h-full w-4/5 flex-col-reverse">
                  {SERIES.map((s, i) => (
                    <div
                      key={s.key}
                      className={`${s.className} ${i === SERIES.length - 1 ? "rounded-t-[3px]" : ""}`}
                      style={{ height: pct(d[s.key], top) }}
                    />
                  ))}
                </div>
              </div>
            ))}
          </div>
          {empty && (
            // The axes alone read as a broken chart: say why there are no bars. (Screen readers hear it in
            // the figure's label: this sits inside the chart reader's keyboard application.)
            <div aria-hidden className="absolute inset-0 flex items-center justify-center px-4">
              <div data-testid="usage-chart-empty" className="flex flex-col gap-1 rounded-md bg-card px-4 py-3 text-center">
                <p className="text-sm font-medium text-foreground">No credits used in this period</p>
                <p className="text-xs text-muted-foreground">SMS and email actions are charged when they are sent; webhooks are free.</p>
              </div>
            </div>
          )}
        </UsageChartReader>
        <div />
        <div className="relative" aria-hidden>
          {labelledDays(n).map((i) => (
            <span
              key={i}
              className="absolute top-1.5 -translate-x-1/2 whitespace-nowrap leading-none"
              style={{ left: `${((i + 0.5) / n) * 100}%` }}
            >
              {formatDay(data[i]!.day)}
            </span>
          ))}
        </div>
      </div>
      <ul className="flex justify-center gap-4 text-xs" aria-label="Legend">
        {SERIES.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span aria-hidden className={`size-2.5 rounded-[2px] ${s.className}`} />
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
