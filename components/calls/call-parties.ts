import { formatPhone } from "@/lib/phone";

type Parties = { callerNumber: string | null; agentNumber: string | null; platform: string | null };

/**
 * How a call's other party reads when there is no number: a native event without one was a withheld
 * caller ID; a voice platform call with no number on either side was a web call (no phone line); a
 * platform call with only the agent's number sent no caller number.
 */
export function callerLabel(call: Parties): string {
  if (call.callerNumber) return formatPhone(call.callerNumber);
  if (!call.platform) return "Anonymous";
  return call.agentNumber ? "Unknown caller" : "Web call";
}

/** The longer form for the call page's details. */
export function callerDetail(call: Parties): string {
  if (call.callerNumber) return formatPhone(call.callerNumber);
  if (!call.platform) return "Anonymous (caller ID withheld)";
  return call.agentNumber ? "Unknown (the platform sent no number)" : "Web call (no phone number)";
}

export function agentNumberLabel(call: Parties): string {
  if (call.agentNumber) return formatPhone(call.agentNumber);
  return call.platform && !call.callerNumber ? "None (web call)" : "Unknown";
}
