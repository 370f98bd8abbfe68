import { formatDay } from "@/lib/format-time";

/**
 * A tiny server-rendered bar chart (plain SVG, no client JavaScript) for small series such as calls
 * per day. The numbers are also in the accessible name of each bar and in a hidden table.
 */
export function BarSparkline({ data, label }: { data: { day: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const w = 100 / data.length;
  return (
    <figure className="flex flex-col gap-2">
      <svg
        viewBox="0 0 100 40"
        preserveAspectRatio="none"
        className="h-24 w-full"
        role="img"
        aria-label={label}
      >
        {data.map((d, i) => {
          const h = (d.value / max) * 36;
          return (
            <rect
              key={d.day}
              x={i * w + w * 0.15}
              y={40 - h}
              width={w * 0.7}
              height={Math.max(h, 0.6)}
              rx={0.8}
              className={d.value ? "fill-primary" : "fill-muted"}
            >
              <title>{`${formatDay(d.day)}: ${d.value}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-xs text-muted-foreground">
        <span>{formatDay(data[0]!.day)}</span>
        <span>Today</span>
      </figcaption>
      <table className="sr-only">
        <caption>{label}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.day}>
              <th scope="row">{formatDay(d.day)}</th>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
