/**
 * The syntax of message templates for SMS and email actions: text with `{{variable}}` placeholders.
 * A leaf module (no imports from the app) because the action schema checks templates with it in the
 * browser and on the server alike; lib/messages/template.ts fills templates in for a call.
 *
 * Only `{{` and `}}` are syntax; single braces are ordinary text. A template is refused, with the
 * position of the problem, for an unknown variable, an empty `{{}}`, a `{{` never closed or a `}}`
 * never opened.
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

/** What an action's template holds: SMS `body`; email `subject` and `intro`. Absent fields use the standard message. */
export type MessageTemplate = { body?: string; subject?: string; intro?: string };

/** Starting points the settings page offers: close to the standard messages, in variables. */
export const EXAMPLE_TEMPLATE = {
  body: "Call from {{contact_name}} {{caller}} to {{agent}}\n{{summary}}",
  subject: "Call from {{contact_name}} {{caller}}",
  intro: "{{contact_name}} called {{agent}} on {{started_at}} ({{duration}}).",
} as const;
