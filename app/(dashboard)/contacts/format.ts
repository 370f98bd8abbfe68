/** Dates in the account's time zone, the way the rest of the dashboard shows them. */
export function formatWhen(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-AU", { timeZone, day: "numeric", month: "short", year: "numeric", hour: "numeric", minute: "2-digit" }).format(date);
}
