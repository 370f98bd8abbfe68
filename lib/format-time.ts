/** Dates as the account sees them: always in the account's time zone, never the server's. */
export function formatDateTime(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-AU", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(date);
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
