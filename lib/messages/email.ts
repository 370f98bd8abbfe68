import { render } from "@react-email/render";
import { CallEmail, callEmailSubject } from "@/components/emails/call-email";
import type { CallView } from "./call-view";

export type RenderedEmail = { subject: string; html: string; text: string };

/** The post-call email as sent: subject naming the caller, HTML and plain text from one template. */
export async function renderCallEmail(view: CallView): Promise<RenderedEmail> {
  const element = CallEmail({ view });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: callEmailSubject(view), html, text };
}
