/**
 * The one place prices live. The settings preview, the worker's charges, the ledger and the docs all
 * read from here, so a price change is one edit.
 */
export const CHANNELS = ["sms", "email", "webhook"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CREDITS_PER_MESSAGE: Record<Channel, number> = {
  sms: 10,
  email: 20,
  webhook: 0,
};

export const CHANNEL_LABEL: Record<Channel, string> = {
  sms: "SMS",
  email: "Email",
  webhook: "Webhook",
};

export const MAX_ACTIONS_PER_ACCOUNT = 10;

export function priceOf(channel: Channel): number {
  return CREDITS_PER_MESSAGE[channel];
}

export function formatCredits(n: number): string {
  return n === 0 ? "Free" : `${n.toLocaleString("en")} credit${n === 1 ? "" : "s"}`;
}

/** Credits one call costs with these enabled actions. */
export function costPerCall(actions: { channel: Channel; enabled: boolean }[]): number {
  return actions.filter((a) => a.enabled).reduce((sum, a) => sum + priceOf(a.channel), 0);
}
