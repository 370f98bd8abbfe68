import { formatPhone } from "@/lib/phone";
import { MAX_SMS_SEGMENTS, smsStats, type SmsStats } from "@/lib/post-call-actions/sms-encoding";
import type { CallView } from "./call-view";
import { fillTemplate, parseTemplate, templateValues, type TemplatePart } from "./template";

// Segment counting lives with the action schema (a leaf module), which refuses over-long templates.
export { MAX_SMS_SEGMENTS, smsStats, smsTemplateProblem, type SmsEncoding, type SmsStats } from "@/lib/post-call-actions/sms-encoding";

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

