import { formatPhone } from "@/lib/phone";
import type { CallView } from "./call-view";
import { renderTemplate } from "./template";

/** The email's subject: the action's subject template when it has one (one line), else the standard one. */
export function callEmailSubject(view: CallView, template?: string | null): string {
  if (template?.trim()) {
    const subject = renderTemplate(template, view).replace(/\s+/g, " ").trim();
    return `${view.test ? "[Test] " : ""}${subject}`;
  }
  const caller = view.callerNumber ? formatPhone(view.callerNumber) : "a private number";
  const who = view.contact.name ? `${view.contact.name} (${caller})` : caller;
  return `${view.test ? "[Test] " : ""}${view.status === "completed" ? "Call from" : "Missed call from"} ${who}`;
}
