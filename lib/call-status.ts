import type { CallStatus } from "@/db/schema";

/**
 * The one name of each call status, wherever a person reads it: the calls list and filter, an
 * action's conditions, the contact page, the email and the SMS. The API and webhooks carry the
 * value itself (`canceled`), which this name matches.
 */
export const CALL_STATUS_LABEL: Record<CallStatus, string> = {
  completed: "Completed",
  "no-answer": "No answer",
  busy: "Busy",
  failed: "Failed",
  canceled: "Canceled",
};
