import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import type { PhoneType } from "@/db/schema";

/**
 * Phone numbers: parse any common format to E.164 and tell the line type from libphonenumber-js's
 * full metadata (the `max` build is the one that knows number types).
 */
export function toE164(input: string, defaultCountry: string = "AU"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

export function phoneTypeOf(e164: string | null | undefined): PhoneType {
  if (!e164) return "unknown";
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid()) return "unknown";
  switch (parsed.getType()) {
    case "MOBILE":
      return "mobile";
    case "FIXED_LINE":
      return "landline";
    case "VOIP":
      return "voip";
    default:
      // FIXED_LINE_OR_MOBILE, TOLL_FREE, … are not one of our three kinds.
      return "unknown";
  }
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
