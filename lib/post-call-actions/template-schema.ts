import { z } from "zod";
import { smsTemplateProblem } from "./sms-encoding";
import { templateProblem, type MessageTemplate } from "./template-syntax";

/**
 * An action's message template as the API and the settings form send it: SMS `body`; email `subject`
 * and `intro`. Empty fields use the standard message, so `null` (or nothing) is today's message.
 */
export const templateInputSchema = z
  .object({
    body: z.string().max(1600, "Use at most 1,600 characters.").nullish(),
    subject: z.string().max(300, "Use at most 300 characters.").nullish(),
    intro: z.string().max(2000, "Use at most 2,000 characters.").nullish(),
  })
  .nullish();
export type TemplateInput = z.input<typeof templateInputSchema>;

type Issue = { path: (string | number)[]; message: string };

/** Checks a template for its channel and returns what is stored (null: the standard message) and any issues. */
export function normaliseTemplate(channel: "sms" | "email" | "webhook", input: TemplateInput): { template: MessageTemplate | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const filled = (v: string | null | undefined) => (v && v.trim() ? v : null);
  const body = filled(input?.body);
  const subject = filled(input?.subject);
  const intro = filled(input?.intro);
  if (channel === "webhook") {
    if (body || subject || intro) issues.push({ path: ["template"], message: "Webhooks send the call as JSON; templates apply to SMS and email actions." });
    return { template: null, issues };
  }
  if (channel === "sms") {
    if (subject || intro) issues.push({ path: ["template"], message: "An SMS has only a body; subject and intro apply to email actions." });
    if (body) {
      const problem = smsTemplateProblem(body);
      if (problem) issues.push({ path: ["template", "body"], message: problem });
    }
    return { template: body ? { body: body.trim() } : null, issues };
  }
  if (body) issues.push({ path: ["template", "body"], message: "An email has a subject and an intro; body applies to SMS actions." });
  if (subject) {
    const problem = /[\r\n]/.test(subject) ? "Keep the subject on one line." : templateProblem(subject);
    if (problem) issues.push({ path: ["template", "subject"], message: problem });
  }
  if (intro) {
    const problem = templateProblem(intro);
    if (problem) issues.push({ path: ["template", "intro"], message: problem });
  }
  return { template: subject || intro ? { ...(subject ? { subject: subject.trim() } : {}), ...(intro ? { intro: intro.trim() } : {}) } : null, issues };
}
