import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/min";
import type { PhoneType } from "@/db/schema";

/**
 * Phone numbers: parse any common format to E.164 and format for display. This module runs in the
 * browser too (form validation, previews), so it uses libphonenumber-js's small `min` metadata; the
 * line type needs the full `max` metadata and lives in the server-only lib/phone-type.ts.
 */
export function toE164(input: string, defaultCountry: string = "AU"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

/** +61412345678 → "+61 412 345 678" for display. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return "Unknown";
  if (e164 === "anonymous") return "Anonymous";
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

export const PHONE_TYPE_LABEL: Record<PhoneType, string> = {
  mobile: "Mobile",
  landline: "Landline",
  voip: "VoIP",
  unknown: "Unknown",
};
