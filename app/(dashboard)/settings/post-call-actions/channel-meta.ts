import { Mail, MessageSquareText, Webhook, type LucideIcon } from "lucide-react";
import type { Channel } from "@/lib/pricing";

/** How each channel is presented: icon, what to ask for, and what it carries (the wording the guide and the README use too). */
export const CHANNEL_ICON: Record<Channel, LucideIcon> = { sms: MessageSquareText, email: Mail, webhook: Webhook };

export const DESTINATION_LABEL: Record<Channel, string> = {
  sms: "Mobile number",
  email: "Email address",
  webhook: "Endpoint URL",
};

export const DESTINATION_PLACEHOLDER: Record<Channel, string> = {
  sms: "0412 345 678",
  email: "you@company.com",
  webhook: "https://example.com/hooks/aftercall",
};

export const CHANNEL_CARRIES: Record<Channel, string> = {
  sms: "Caller ID, contact name and call summary.",
  email: "Everything in SMS, plus phone type, duration, transcript and recording link.",
  webhook: "Everything in email, plus status, start and end times, action results and timestamps, as signed JSON.",
};

/** Tinted icon chips so the three channels are told apart at a glance (AA contrast in both themes). */
export const CHANNEL_TINT: Record<Channel, string> = {
  sms: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  email: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
  webhook: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200",
};

/** Badge and notice colours with AA contrast in both themes (the shared tints are too light for small text). */
export const TONE = {
  free: "border-transparent bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100",
  unsaved: "border-transparent bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100",
  warning: "border border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100",
};
