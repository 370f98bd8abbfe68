import { CallEmail, callEmailSubject } from "@/components/emails/call-email";
import { renderEmail } from "./render-email";
import type { CallView } from "./call-view";
import type { MessageTemplate } from "./template";

export type RenderedEmail = { subject: string; html: string; text: string };

/** The post-call email as sent: subject naming the caller (or the action's own), HTML and plain text from one template. */
export async function renderCallEmail(view: CallView, template?: MessageTemplate | null): Promise<RenderedEmail> {
  const element = CallEmail({ view, subject: template?.subject, intro: template?.intro });
  const { html, text } = await renderEmail(element);
  return { subject: callEmailSubject(view, template?.subject), html, text };
}
