import { sampleCallView } from "@/lib/messages/call-view";
import { callEmailSubject } from "@/lib/messages/email-subject";
import { composeSms, smsTemplateProblem } from "@/lib/messages/sms";
import { templateProblem, type MessageTemplate } from "@/lib/messages/template";
import type { PreviewContext, Previews } from "./draft";

/**
 * The sample call's SMS and subject as an action's template words them, in the browser. Loaded only
 * when the list holds a template, so the page's first load does not carry the phone-number library.
 */
export function renderLivePreview(ctx: PreviewContext, sms: string | null, email: MessageTemplate | null): { sms: Previews["sms"] | null; subject: string | null } {
  const view = sampleCallView(ctx.appUrl, ctx.timeZone);
  let smsOut: Previews["sms"] | null = null;
  if (sms && !smsTemplateProblem(sms)) {
    const c = composeSms(view, sms);
    smsOut = { text: c.text, characters: c.characters, encoding: c.encoding, segments: c.segments, units: c.units };
  }
  const subject = email?.subject && !templateProblem(email.subject) ? callEmailSubject(view, email.subject) : null;
  return { sms: smsOut, subject };
}
