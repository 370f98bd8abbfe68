import { formatPhone } from "@/lib/phone";
import type { CallView } from "./call-view";
import { fillTemplate, fixedText, parseTemplate, templateValues, type TemplatePart } from "./template";

/**
 * SMS composition and segment counting. GSM-7 fits 160 septets in one segment and 153 per segment
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

const STATUS_LABEL: Record<CallView["status"], string> = {
  completed: "Call",
  "no-answer": "Missed call",
  busy: "Missed call (busy)",
  canceled: "Missed call (canceled)",
  failed: "Failed call",
};

function headline(view: CallView): string {
  const caller = view.callerNumber ? formatPhone(view.callerNumber) : "a private number";
  const who = view.contact.name ? `${view.contact.name} (${caller})` : caller;
  return `${view.test ? "Test: " : ""}${STATUS_LABEL[view.status]} from ${who}`;
}

export type ComposedSms = SmsStats & { text: string; truncated: boolean };

/**
 * The SMS for a call: the action's template when it has one, else the standard message — headline
 * (caller ID and contact name), then the summary. When it would not fit in two segments, the summary
 * is cut at a word (the standard message then adds a link to the call page).
 */
export function composeSms(view: CallView, template?: string | null): ComposedSms {
  const maxSegments = MAX_SMS_SEGMENTS;
  if (template?.trim()) {
    const parsed = parseTemplate(template);
    if (parsed.ok) return composeTemplated(view, parsed.parts, maxSegments);
  }
  const head = headline(view);
  const summary = (view.summary ?? "").replace(/\s+/g, " ").trim();
  const full = summary ? `${head}\n${summary}` : `${head}\nNo summary for this call.`;
  const fits = (t: string) => smsStats(t).segments <= maxSegments;
  if (fits(full)) return { text: full, truncated: false, ...smsStats(full) };

  const link = view.callPageUrl ? `\nDetails: ${view.callPageUrl}` : "";
  const words = summary.split(" ");
  // The ellipsis itself can switch a GSM-7 message to UCS-2, so use "..." unless it is UCS-2 anyway.
  const ellipsis = smsStats(full).encoding === "GSM-7" ? "..." : "…";
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${head}\n${words.slice(0, mid).join(" ")}${ellipsis}${link}`)) lo = mid;
    else hi = mid - 1;
  }
  let text = `${head}\n${words.slice(0, lo).join(" ")}${ellipsis}${link}`;
  if (lo === 0) {
    // Even the headline and link barely fit (a very long contact name): cut the headline itself.
    text = `${head}${link}`;
    while (!fits(text) && text.length > link.length + 1) text = `${[...head].slice(0, -1).join("")}${link}`;
  }
  return { text, truncated: true, ...smsStats(text) };
}

/** Cuts `text` to the longest prefix (whole characters) that, with `suffix`, passes `fits`. */
function cutToFit(text: string, suffix: string, fits: (t: string) => boolean): string {
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(`${chars.slice(0, mid).join("")}${suffix}`)) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("")}${suffix}`;
}

/**
 * A templated SMS. The template's own words always go out whole (a template whose words alone take
 * more than two segments is refused when saved); only the summary is shortened, at a word. Should other
 * values still overflow (a very long name or analysis field), the message's end is cut as a last resort.
 */
function composeTemplated(view: CallView, parts: TemplatePart[], maxSegments: number): ComposedSms {
  const values = templateValues(view);
  const prefix = view.test ? "Test: " : "";
  const render = (summary: string) => `${prefix}${fillTemplate(parts, values, { summary })}`;
  const fits = (t: string) => smsStats(t).segments <= maxSegments;
  const full = render(values.summary);
  if (fits(full)) return { text: full, truncated: false, ...smsStats(full) };

  const ellipsis = smsStats(full).encoding === "GSM-7" ? "..." : "…";
  const usesSummary = parts.some((p) => p.kind === "var" && p.name === "summary");
  if (usesSummary && values.summary) {
    const words = values.summary.split(" ");
    let lo = 0;
    let hi = words.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(render(`${words.slice(0, mid).join(" ")}${ellipsis}`))) lo = mid;
      else hi = mid - 1;
    }
    const shortened = render(lo > 0 ? `${words.slice(0, lo).join(" ")}${ellipsis}` : "");
    if (fits(shortened)) return { text: shortened, truncated: true, ...smsStats(shortened) };
  }
  const text = cutToFit(render(""), ellipsis, fits);
  return { text, truncated: true, ...smsStats(text) };
}

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
