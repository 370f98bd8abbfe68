import type { Channel } from "@/lib/pricing";

/**
 * How the page shows each SMS number ("+61 412 345 678" for +61412345678). Formatting needs
 * libphonenumber's metadata, which is kept out of the page's first load: the server formats the saved
 * actions' numbers, the action dialog (which has it anyway) the ones typed in, and anything else
 * (a reload after another tab saved) fetches it on demand.
 */
export type PhoneDisplay = Record<string, string>;

type Destination = { channel: Channel; to: string };

export function destinationText(action: Destination, phones: PhoneDisplay) {
  return action.channel === "sms" ? (phones[action.to] ?? action.to) : action.to;
}

/** `phones` plus any SMS number of `actions` it lacks (the same object when none is missing). */
export async function withPhones(phones: PhoneDisplay, actions: Destination[]): Promise<PhoneDisplay> {
  const missing = actions.filter((a) => a.channel === "sms" && !(a.to in phones));
  if (missing.length === 0) return phones;
  const { formatPhone } = await import("@/lib/phone");
  return { ...phones, ...Object.fromEntries(missing.map((a) => [a.to, formatPhone(a.to)])) };
}
