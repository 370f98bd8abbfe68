"use client";

import { useId, useState } from "react";

export type ChartDay = { label: string; values: number[] };

/**
 * The interactive part of the usage chart: the plot area, which shows one day's figures when the
 * pointer is over it or, once focused, as the arrow keys (Home, End) move from day to day, and
 * announces them to screen readers.
 */
export function UsageChartReader({
  days,
  series,
  children,
}: {
  days: ChartDay[];
  series: { name: string; className: string }[];
  children: React.ReactNode;
}) {
  const [active, setActive] = useState<number | null>(null);
  const readoutId = useId();
  const n = days.length;
  const day = active === null ? null : days[active];
  const text = (d: ChartDay) =>
    `${d.label}: ${series.map((s, i) => `${s.name} ${d.values[i]!.toLocaleString("en")} credits`).join(", ")}`;
  return (
    <div
      role="application"
      aria-roledescription="chart"
      aria-label="Credits per day"
      aria-describedby={readoutId}
      tabIndex={0}
      className="relative rounded-sm outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
      onPointerMove={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        setActive(Math.min(n - 1, Math.max(0, Math.floor(((e.clientX - box.left) / box.width) * n))));
      }}
      onPointerLeave={() => setActive(null)}
      onFocus={() => setActive((a) => a ?? 0)}
      onBlur={() => setActive(null)}
      onKeyDown={(e) => {
        const from = active ?? -1;
        const to =
          e.key === "ArrowRight" ? from + 1 : e.key === "ArrowLeft" ? (active ?? n) - 1 : e.key === "Home" ? 0 : e.key === "End" ? n - 1 : null;
        if (to === null || n === 0) return;
        e.preventDefault();
        setActive(Math.min(n - 1, Math.max(0, to)));
      }}
    >
      {active !== null ? (
        <div aria-hidden className="absolute inset-y-0 bg-muted" style={{ left: `${(active / n) * 100}%`, width: `${100 / n}%` }} />
      ) : null}
      {children}
      {day && active !== null ? (
        <div
          aria-hidden
          className="pointer-events-none absolute top-1 z-10 whitespace-nowrap rounded-lg border bg-card px-3 py-2 text-xs text-foreground shadow-sm"
          style={{
            left: `${((active + 0.5) / n) * 100}%`,
            transform: active < n / 2 ? "translateX(0.75rem)" : "translateX(calc(-100% - 0.75rem))",
          }}
        >
          <p className="mb-1 font-medium">{day.label}</p>
          {series.map((s, i) => (
            <p key={s.name} className="flex items-center gap-1.5">
              <span className={`size-2 rounded-[2px] ${s.className}`} />
              {s.name}: {day.values[i]!.toLocaleString("en")} credits
            </p>
          ))}
        </div>
      ) : null}
      <p id={readoutId} aria-live="polite" className="sr-only">
        {day ? text(day) : ""}
      </p>
    </div>
  );
}
