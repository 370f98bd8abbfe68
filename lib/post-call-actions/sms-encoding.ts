import { fixedText, parseTemplate } from "./template-syntax";

/**
 * SMS segment counting: a leaf module, so the action schema refuses an over-long SMS template in the
 * browser and on the server alike. GSM-7 fits 160 septets in one segment and 153 per segment
 * of a multipart message (extension characters take two); anything outside GSM-7 makes the whole
 * message UCS-2: 70 UTF-16 units alone, 67 per part.
 */
const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENDED = "^{}\\[~]|€\f";
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = "GSM-7" | "UCS-2";
export type SmsStats = { encoding: SmsEncoding; characters: number; units: number; segments: number };

export function smsStats(text: string): SmsStats {
  let gsm = true;
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const characters = [...text].length;
  if (gsm) {
    return { encoding: "GSM-7", characters, units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length; // UTF-16 code units: an emoji is two
  return { encoding: "UCS-2", characters, units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

export const MAX_SMS_SEGMENTS = 2;

/** Why an SMS template is refused, or null: bad syntax, or words that alone exceed two segments. */
export function smsTemplateProblem(template: string): string | null {
  const parsed = parseTemplate(template);
  if (!parsed.ok) return parsed.message;
  const fixed = smsStats(fixedText(parsed.parts));
  if (fixed.segments > MAX_SMS_SEGMENTS) {
    const limit = fixed.encoding === "GSM-7" ? "306 GSM-7 characters" : "134 UCS-2 characters";
    return `The template's own text takes ${fixed.segments} SMS segments (${fixed.units.toLocaleString("en")} ${fixed.encoding} characters) before any variable is filled in; an SMS is at most ${MAX_SMS_SEGMENTS} segments (${limit}). Shorten it.`;
  }
  return null;
}
