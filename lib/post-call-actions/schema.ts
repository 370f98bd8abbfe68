import ipaddr from "ipaddr.js";
import { z } from "zod";
import { toE164 } from "@/lib/phone";
import { normaliseTemplate, templateInputSchema } from "@/lib/post-call-actions/template-schema";
import { headersSchema } from "@/lib/post-call-actions/headers";
import { CHANNELS, MAX_ACTIONS_PER_ACCOUNT, type Channel } from "@/lib/pricing";
import { CALL_STATUSES, LIMIT_MESSAGE } from "./labels";

export { CALL_STATUSES, LIMIT_MESSAGE, STATUS_LABEL } from "./labels";

/**
 * The one schema for a post-call action: the settings form, its server actions and
 * `PUT /api/v1/post-call-actions` all parse with it, so the page and the API accept exactly the same.
 * It runs in the browser too, so its few server facts (the account's country, the private-network
 * switch) come in as options rather than from getEnv().
 */
export const MAX_MIN_DURATION_SECONDS = 24 * 3600;

export type SchemaOptions = { defaultCountry: string; allowPrivateNetworks: boolean };

const DESTINATION_HINT: Record<Channel, string> = {
  sms: "Enter a mobile number, such as 0412 345 678 or +61 412 345 678.",
  email: "Enter an email address, such as you@example.com.",
  webhook: "Enter an https:// URL of your endpoint.",
};

/** How a refusal names the setting that lifts it (on under `npm run dev`, off in production). */
export const PRIVATE_NETWORKS_SETTING = "WEBHOOK_ALLOW_PRIVATE_NETWORKS=true on the server allows http:// and private addresses (it is on under npm run dev)";

/** Why a webhook URL is refused, or null when it may be stored. A literal-IP check; the worker resolves DNS. */
export function webhookUrlProblem(raw: string, allowPrivateNetworks: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return DESTINATION_HINT.webhook;
  }
  if (url.protocol !== "https:" && !(allowPrivateNetworks && url.protocol === "http:")) {
    return `Use an https:// URL: webhooks carry call details and are only sent encrypted. For a local receiver, ${PRIVATE_NETWORKS_SETTING}.`;
  }
  if (url.username || url.password) {
    return "Remove the username and password from the URL; verify requests with the webhook signature instead.";
  }
  if (!allowPrivateNetworks) {
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
      return `This address is on a private network; use a public https endpoint. For a local receiver, ${PRIVATE_NETWORKS_SETTING}.`;
    }
    if (ipaddr.isValid(host)) {
      let addr = ipaddr.parse(host);
      if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
      if (addr.range() !== "unicast") {
        return `This address is private, loopback or link-local; use a public https endpoint. For a local receiver, ${PRIVATE_NETWORKS_SETTING}.`;
      }
    }
  }
  return null;
}

/** Normalises a destination for its channel (phone → E.164), or returns the message to show. */
export function normaliseDestination(
  channel: Channel,
  raw: string,
  opts: SchemaOptions,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim();
  if (!value) {
    const what = channel === "sms" ? "a mobile number" : channel === "email" ? "an email address" : "an endpoint URL";
    return { ok: false, message: `Enter ${what}.` };
  }
  if (channel === "sms") {
    const e164 = toE164(value, opts.defaultCountry);
    return e164 ? { ok: true, value: e164 } : { ok: false, message: `That is not a valid phone number. ${DESTINATION_HINT.sms}` };
  }
  if (channel === "email") {
    return z.email().safeParse(value).success && value.length <= 254
      ? { ok: true, value }
      : { ok: false, message: `That is not a valid email address. ${DESTINATION_HINT.email}` };
  }
  if (value.length > 2048) return { ok: false, message: "The URL is longer than 2,048 characters." };
  const problem = webhookUrlProblem(value, opts.allowPrivateNetworks);
  return problem ? { ok: false, message: problem } : { ok: true, value: new URL(value).toString() };
}

/** One action as the API shows it (docs/architecture.md §4) and as the form edits it. */
export function actionSchema(opts: SchemaOptions) {
  return z
    .object({
      id: z.string().max(64).optional(),
      channel: z.enum(CHANNELS, { message: "Choose SMS, Email or Webhook." }),
      to: z.string({ message: "Enter a destination." }).max(2048),
      enabled: z.boolean().default(true),
      conditions: z
        .object({
          statuses: z
            .array(z.enum(CALL_STATUSES, { message: "Unknown call status." }))
            .min(1, "Pick at least one call status.")
            .default(["completed"])
            .transform((list) => CALL_STATUSES.filter((s) => list.includes(s))),
          min_duration_seconds: z
            .number({ message: "Enter a number of seconds." })
            .int("Use whole seconds.")
            .min(0, "The minimum duration cannot be negative.")
            .max(MAX_MIN_DURATION_SECONDS, "Use at most 86,400 seconds (a day).")
            .default(0),
        })
        .default({ statuses: ["completed"], min_duration_seconds: 0 }),
      /** SMS and email: the action's own words (null: the standard message). */
      template: templateInputSchema,
      /** Webhooks: custom headers sent with every attempt; values write-only. */
      headers: headersSchema.optional(),
    })
    .transform((action, ctx) => {
      const to = normaliseDestination(action.channel, action.to, opts);
      if (!to.ok) ctx.addIssue({ code: "custom", path: ["to"], message: to.message });
      const { template, issues } = normaliseTemplate(action.channel, action.template);
      for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      const headers = action.headers ?? [];
      if (action.channel !== "webhook" && headers.length > 0) {
        ctx.addIssue({ code: "custom", path: ["headers"], message: "Custom headers apply to webhook actions only." });
      }
      if (!to.ok || issues.length > 0 || (action.channel !== "webhook" && headers.length > 0)) return z.NEVER;
      return { ...action, to: to.value, template, headers };
    });
}

export type ActionInput = z.input<ReturnType<typeof actionSchema>>;
export type ActionData = z.output<ReturnType<typeof actionSchema>>;
/** A stored action: what GET returns and the page lists. */
export type SavedAction = ActionData & { id: string; disabled_reason: string | null };

/** The whole list, as PUT and the page's save send it. `version` guards against a stale form. */
export function actionListSchema(opts: SchemaOptions) {
  return z.object({
    version: z.number().int().min(0).optional(),
    actions: z.array(actionSchema(opts)).max(MAX_ACTIONS_PER_ACCOUNT, LIMIT_MESSAGE),
  });
}

export type ActionList = z.output<ReturnType<typeof actionListSchema>>;
