import type { PlatformName } from "./types";

/**
 * What the connection form and page show for each platform: the name, what the secret is called
 * there, and where to paste the Aftercall URL. Plain data (no server code), so client components can
 * import it. Menu names are the platforms' own where their docs give them; elsewhere the steps say
 * what to look for rather than guess a label.
 */
export type PlatformGuide = {
  label: string;
  /** The secret field's label. */
  secretLabel: string;
  /** One line under the secret field: where to find it. */
  secretHint: string;
  /** Set-up steps, in order; "the URL" is the connection's inbound URL shown beside them. */
  steps: string[];
};

export const PLATFORM_LABELS = {
  vapi: "Vapi",
  retell: "Retell",
  bland: "Bland",
  elevenlabs: "ElevenLabs",
  synthflow: "Synthflow",
} as const satisfies Record<PlatformName, string>;

export const PLATFORM_GUIDES: Record<PlatformName, PlatformGuide> = {
  vapi: {
    label: PLATFORM_LABELS.vapi,
    secretLabel: "Server URL secret",
    secretHint: "The value Vapi sends with each request: the server secret, or the secret of a Bearer or HMAC credential.",
    steps: [
      "In the Vapi dashboard, open the assistant whose calls should reach Aftercall, then Advanced → Server URL, and paste the URL. (A phone number or the organisation can have a server URL too; the assistant's wins.)",
      "Under Server Messages, keep end-of-call-report selected. Aftercall answers the other messages at once and ignores them.",
      "Set a secret: the server URL secret (Vapi sends it in the X-Vapi-Secret header), or a credential of type Bearer, or HMAC with its defaults (SHA-256, hex, x-signature and x-timestamp headers). Paste the same secret here.",
      "Vapi sends the report once and does not retry unless the server has a retry (backoff) plan; add one so a brief outage cannot lose a call.",
    ],
  },
  retell: {
    label: PLATFORM_LABELS.retell,
    secretLabel: "API key (the one with the webhook badge)",
    secretHint: "Retell signs webhooks with the API key marked with the webhook badge on its API keys page.",
    steps: [
      "In the Retell dashboard, open the agent whose calls should reach Aftercall and paste the URL as its webhook URL (or set it as the account-wide webhook).",
      "Keep the call_ended and call_analyzed events enabled. Aftercall records the call on call_ended and runs your actions when call_analyzed brings the summary, or after the connection's wait if it never arrives.",
      "On the API keys page, copy the key that has the webhook badge and paste it here.",
    ],
  },
  bland: {
    label: PLATFORM_LABELS.bland,
    secretLabel: "Webhook signing secret",
    secretHint: "Created with Replace Secret under Dev Portal › Keys; Bland shows it only once.",
    steps: [
      "Paste the URL as the webhook of the inbound number or pathway in Bland, or send it as `webhook` when you start a call through the API.",
      "In the Dev Portal, under Keys, use Replace Secret to create the webhook signing secret, and paste it here. Bland then signs every post-call body (X-Webhook-Signature).",
      "Bland may post a corrected body for the same call a minute later; Aftercall updates the call with it and does not run your actions twice.",
    ],
  },
  elevenlabs: {
    label: PLATFORM_LABELS.elevenlabs,
    secretLabel: "Webhook HMAC secret",
    secretHint: "Shown once, when the webhook is created in ElevenLabs.",
    steps: [
      "In the ElevenLabs Agents Platform settings, add a post-call webhook with the URL, and select it for the agent (or the whole workspace).",
      "Enable the transcript event (post_call_transcription). Audio and other events are answered and ignored; ElevenLabs sends no recording link, so these calls have no recording here.",
      "Copy the HMAC secret shown when the webhook is created and paste it here. Requests signed more than 30 minutes ago are refused.",
    ],
  },
  synthflow: {
    label: PLATFORM_LABELS.synthflow,
    secretLabel: "Webhook secret key",
    secretHint: "Generated in Synthflow under Settings › Security › Webhooks.",
    steps: [
      "Paste the URL as the agent's post-call webhook in Synthflow, or send it as external_webhook_url when you start a call through the API.",
      "Under Settings › Security › Webhooks, generate the secret key and paste it here.",
      "Be aware: Synthflow's signature covers only the call id, not the body, and has no timestamp. It proves the sender knows the secret, not that the rest of the body is unchanged, so keep the URL private.",
      "Synthflow does not send the agent's phone number or a call direction; calls are recorded as inbound under the agent's id (model_id).",
    ],
  },
};

export function guideFor(name: PlatformName): PlatformGuide {
  return PLATFORM_GUIDES[name];
}
