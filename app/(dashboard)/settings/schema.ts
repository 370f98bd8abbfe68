import { z } from "zod";

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const settingsSchema = z.object({
  name: z.string().trim().min(1, "Enter the account name.").max(80, "Keep the name under 80 characters."),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, "Choose a country from the list."),
  timeZone: z.string().refine(isTimeZone, "Choose a time zone from the list."),
  recordingRetentionMonths: z.coerce
    .number({ message: "Choose 1 to 6 months." })
    .int("Choose 1 to 6 months.")
    .min(1, "Choose 1 to 6 months.")
    .max(6, "Recordings are kept at most 6 months."),
});
export type SettingsInput = z.input<typeof settingsSchema>;
export type SettingsOutput = z.output<typeof settingsSchema>;
