/** Dates as the account reads them: in the account's time zone, with the zone named. */
export function formatDateTime(date: Date, timeZone: string, opts: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat("en-AU", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    ...(opts.seconds ? { second: "2-digit" } : {}),
    timeZoneName: "short",
  }).format(date);
}

/** Short form for lists: "24 Nov, 8:03 pm" (the year only when it is not this year). */
export function formatListTime(date: Date, timeZone: string, now = new Date()): string {
  const year = (d: Date) => new Intl.DateTimeFormat("en-AU", { timeZone, year: "numeric" }).format(d);
  return new Intl.DateTimeFormat("en-AU", {
    timeZone,
    day: "numeric",
    month: "short",
    ...(year(date) !== year(now) ? { year: "numeric" } : {}),
    hour: "numeric",
    minute: "2-digit",
  }).format(date);
}

export function formatDay(isoDay: string): string {
  // A YYYY-MM-DD local day: format it as a UTC date so no zone shifts it by one.
  return new Intl.DateTimeFormat("en-AU", { timeZone: "UTC", day: "numeric", month: "short" }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
}

export function zoneAbbreviation(timeZone: string, date = new Date()): string {
  return (
    new Intl.DateTimeFormat("en-AU", { timeZone, timeZoneName: "short" })
      .formatToParts(date)
      .find((p) => p.type === "timeZoneName")?.value ?? timeZone
  );
}
