import { formatPhone } from "@/lib/phone";
import type { CallView } from "./call-view";

/**
 * How messages name the agent that took a call (the `{{agent}}` template variable). The one place to
 * change when agents get names of their own: return the name first and keep these as the fallback.
 * Until then: the voice platform's agent/assistant id, else the agent number (the number called on an
 * inbound call, the number calling on an outbound one); empty when the call carries neither.
 */
export function agentLabel(view: CallView): string {
  if (view.platform?.agentId) return view.platform.agentId;
  const number = view.direction === "outbound" ? view.from : view.to;
  return number ? formatPhone(number) : "";
}
