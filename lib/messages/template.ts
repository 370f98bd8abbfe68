import { formatPhone } from "@/lib/phone";
import { parseTemplate, type TemplatePart, type TemplateVariable } from "@/lib/post-call-actions/template-syntax";
import { agentLabel } from "./agent-label";
import { formatDuration, type CallView } from "./call-view";

/**
 * Message templates filled in for a call (the syntax is lib/post-call-actions/template-syntax.ts).
 * Pure, because the settings page renders templates in the browser while the owner types, with the
 * same code the worker sends with. A value the call does not have renders as nothing.
 */
export * from "@/lib/post-call-actions/template-syntax";

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

