import type { WebhookPayload } from "@/lib/messages/webhook-payload";
import type { SmsEncoding } from "@/lib/messages/sms";
import type { CostAction } from "@/lib/post-call-actions/cost";
import type { ActionData, SavedAction } from "@/lib/post-call-actions/schema";

/** One card on the page: a saved action or one added since the last save (no id yet). */
export type DraftAction = ActionData & { key: string; disabled_reason: string | null };

export type Previews = {
  sms: { text: string; characters: number; encoding: SmsEncoding; segments: number; units: number };
  email: { subject: string; html: string };
  webhook: WebhookPayload;
};

/** What the browser needs to build the sample call the live previews render. */
export type PreviewContext = { appUrl: string; timeZone: string };

let counter = 0;
export function newKey() {
  counter += 1;
  return `new-${counter}`;
}

export function fromSaved(actions: SavedAction[]): DraftAction[] {
  return actions.map((a) => ({ ...a, key: a.id }));
}

/** What the save sends: the API's action shape, nothing of the page's bookkeeping. */
export function toPayload(draft: DraftAction[]): ActionData[] {
  return draft.map((a) => ({
    ...(a.id ? { id: a.id } : {}),
    channel: a.channel,
    to: a.to,
    enabled: a.enabled,
    conditions: { statuses: [...a.conditions.statuses], min_duration_seconds: a.conditions.min_duration_seconds },
    template: a.template ?? null,
    // A saved header goes back without a value (the server keeps it); `masked` is only for display.
    headers: (a.headers ?? []).map((h) => ({ name: h.name, ...(h.value ? { value: h.value } : {}) })),
  }));
}

export function sameList(a: DraftAction[], b: DraftAction[]) {
  return JSON.stringify(toPayload(a)) === JSON.stringify(toPayload(b));
}

export function sameAction(a: DraftAction, b: DraftAction | undefined) {
  return !!b && JSON.stringify(toPayload([a])) === JSON.stringify(toPayload([b]));
}

export function toCostActions(draft: DraftAction[]): CostAction[] {
  return draft.map((a) => ({ key: a.key, channel: a.channel, enabled: a.enabled, conditions: a.conditions }));
}
