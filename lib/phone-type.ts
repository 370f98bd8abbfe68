import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { PhoneType } from "@/db/schema";

/**
 * Mobile, landline or VoIP, from libphonenumber-js's full metadata (the `max` build is the one that
 * knows number types). Server-side only: the metadata is too heavy to send to browsers.
 */
export function phoneTypeOf(e164: string | null | undefined): PhoneType {
  if (!e164) return "unknown";
  // No isValid() first: with the full metadata it is `getType() !== undefined`, the same matching done
  // twice (on every ingested call); an invalid number's type is undefined, so "unknown" below.
  switch (parsePhoneNumberFromString(e164)?.getType()) {
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
