import { formatPhone } from "@/lib/phone";
import { agentLabel } from "./agent-label";
import { formatDuration, type CallView } from "./call-view";

/**
 * Message templates for SMS and email actions: text with `{{variable}}` placeholders. This module is
 * pure (no server imports) because the settings page renders templates in the browser while the owner
 * types, with the same code the worker sends with.
 *
 * Only `{{` and `}}` are syntax; single braces are ordinary text. A template is refused, with the
 * position of the problem, for an unknown variable, an empty `{{}}`, a `{{` never closed or a `}}`
 * never opened. A value the call does not have renders as nothing.
 */
export const TEMPLATE_VARIABLES = ["caller", "contact_name", "summary", "duration", "agent", "call_link", "started_at"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export const TEMPLATE_VARIABLE_HINT: Record<TemplateVariable, string> = {
  caller: "the caller's number",
  contact_name: "the caller's name, when known",
  summary: "the call summary",
  duration: "how long the call lasted",
  agent: "the agent that took the call",
  call_link: "a link to the call in Aftercall",
  started_at: "when the call started, in your time zone",
};

/** `{{analysis.<field>}}`: a field of the voice platform's post-call analysis, dotted for nested ones. */
const ANALYSIS = /^analysis(\.[A-Za-z0-9_-]+)+$/;

export type TemplatePart = { kind: "text"; text: string } | { kind: "var"; name: string };
export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; message: string; index: number };

const VARIABLE_LIST = `${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(", ")} or {{analysis.<field>}}`;

function isKnown(name: string) {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name) || ANALYSIS.test(name);
}

/** Positions are 1-based characters, as a person counts them in the field. */
function charAt(template: string, index: number) {
  return [...template.slice(0, index)].length + 1;
}

export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let i = 0;
  let text = "";
  while (i < template.length) {
    const open = template.indexOf("{{", i);
    const close = template.indexOf("}}", i);
    if (close !== -1 && (open === -1 || close < open)) {
      return { ok: false, index: close, message: `"}}" at character ${charAt(template, close)} closes nothing: add "{{" before it or remove it.` };
    }
    if (open === -1) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, open);
    const end = template.indexOf("}}", open + 2);
    const nextOpen = template.indexOf("{{", open + 2);
    if (end === -1 || (nextOpen !== -1 && nextOpen < end)) {
      return { ok: false, index: open, message: `"{{" at character ${charAt(template, open)} is never closed: add "}}" after the variable name.` };
    }
    const name = template.slice(open + 2, end).trim();
    if (!name) {
      return { ok: false, index: open, message: `Empty "{{}}" at character ${charAt(template, open)}: put a variable name inside, such as {{caller}}.` };
    }
    if (!isKnown(name)) {
      return {
        ok: false,
        index: open,
        message: `Unknown variable {{${name}}} at character ${charAt(template, open)}. Use ${VARIABLE_LIST}.`,
      };
    }
    if (text) parts.push({ kind: "text", text });
    text = "";
    parts.push({ kind: "var", name });
    i = end + 2;
  }
  if (text) parts.push({ kind: "text", text });
  return { ok: true, parts };
}

/** Why a template is refused, or null. */
export function templateProblem(template: string): string | null {
  const parsed = parseTemplate(template);
  return parsed.ok ? null : parsed.message;
}

/** The template's own text, variables left out: what every message from it contains whatever the call. */
export function fixedText(parts: TemplatePart[]): string {
  return parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
}

export type TemplateValues = Record<TemplateVariable, string> & { analysis: Record<string, unknown> | null };

export function formatStartedAt(view: CallView): string {
  return new Intl.DateTimeFormat("en-AU", { dateStyle: "medium", timeStyle: "short", timeZone: view.timeZone }).format(view.startedAt);
}

/** Each variable's value for a call, as text; missing ones are empty strings. */
export function templateValues(view: CallView): TemplateValues {
  return {
    caller: view.callerNumber ? formatPhone(view.callerNumber) : "Private number",
    contact_name: view.contact.name ?? "",
    summary: (view.summary ?? "").replace(/\s+/g, " ").trim(),
    duration: formatDuration(view.durationSeconds),
    agent: agentLabel(view),
    call_link: view.callPageUrl ?? "",
    started_at: formatStartedAt(view),
    analysis: view.analysis,
  };
}

function analysisValue(analysis: Record<string, unknown> | null, path: string[]): string {
  let v: unknown = analysis;
  for (const key of path) {
    if (v === null || typeof v !== "object" || Array.isArray(v) || !Object.hasOwn(v, key)) return "";
    v = (v as Record<string, unknown>)[key];
  }
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) return v.join(", ");
  return JSON.stringify(v);
}

export function valueOf(name: string, values: TemplateValues): string {
  if (name.startsWith("analysis.")) return analysisValue(values.analysis, name.split(".").slice(1));
  const v = values[name as TemplateVariable];
  return typeof v === "string" ? v : "";
}

/** Fills a parsed template in; `overrides` replaces single values (the SMS shortening the summary). */
export function fillTemplate(parts: TemplatePart[], values: TemplateValues, overrides: Partial<Record<TemplateVariable, string>> = {}): string {
  return parts.map((p) => (p.kind === "text" ? p.text : (overrides[p.name as TemplateVariable] ?? valueOf(p.name, values)))).join("");
}

/** Renders a template for a call; a refused template (never stored, but be safe) renders as given. */
export function renderTemplate(template: string, view: CallView): string {
  const parsed = parseTemplate(template);
  return parsed.ok ? fillTemplate(parsed.parts, templateValues(view)) : template;
}

/** What an action's template holds: SMS `body`; email `subject` and `intro`. Absent fields use the standard message. */
export type MessageTemplate = { body?: string; subject?: string; intro?: string };

/** Starting points the settings page offers: close to the standard messages, in variables. */
export const EXAMPLE_TEMPLATE = {
  body: "Call from {{contact_name}} {{caller}} to {{agent}}\n{{summary}}",
  subject: "Call from {{contact_name}} {{caller}}",
  intro: "{{contact_name}} called {{agent}} on {{started_at}} ({{duration}}).",
} as const;
