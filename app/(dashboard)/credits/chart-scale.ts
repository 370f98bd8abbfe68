/**
 * Y-axis ticks from 0 up to at least `max`: about `count` whole, round steps (1, 2, 2.5 or 5 × 10ⁿ),
 * as a chart library's default axis would pick. An empty series gets 0–4, so the axis still reads.
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1, 2, 3, 4];
  const rough = max / (count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * magnitude)
    .filter((s) => Number.isInteger(s))
    .find((s) => s >= rough) ?? Math.max(1, Math.ceil(rough));
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: top / step + 1 }, (_, i) => i * step);
}

/** Which of `n` day labels to print under the axis so they do not crowd: about six, first day first. */
export function labelledDays(n: number, labels = 6): number[] {
  const every = Math.max(1, Math.ceil(n / labels));
  return Array.from({ length: n }, (_, i) => i).filter((i) => i % every === 0);
}
