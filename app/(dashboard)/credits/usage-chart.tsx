"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { UsageDay } from "@/db/queries/credits";
import { formatDay } from "@/lib/format-time";

// Webhooks are free, so only the paid channels have bars.
const SERIES = [
  { key: "sms", name: "SMS", color: "var(--primary)" },
  { key: "email", name: "Email", color: "var(--success)" },
] as const;

export default function UsageChart({ data }: { data: UsageDay[] }) {
  return (
    <div
      className="h-64 w-full"
      role="figure"
      aria-label="Credits used per day, by channel. Use the arrow keys on the chart to read each day, or open the table below."
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="day"
            tickFormatter={formatDay}
            tick={{ fontSize: 11, fill: "var(--muted-foreground)" }}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
          />
          <YAxis
            allowDecimals={false}
            tick={{ fontSize: 11, fill: "var(--muted-foreground)" }}
            tickLine={false}
            axisLine={false}
            width={48}
          />
          <Tooltip
            labelFormatter={(d) => formatDay(String(d))}
            formatter={(v, name) => [`${Number(v).toLocaleString("en")} credits`, name]}
            contentStyle={{
              background: "var(--card)",
              border: "1px solid var(--border)",
              borderRadius: 8,
              fontSize: 12,
            }}
            cursor={{ fill: "var(--muted)" }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId="credits"
              fill={s.color}
              radius={s.key === "email" ? [3, 3, 0, 0] : 0}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
