import Link from "next/link";
import { PLATFORM_GUIDES } from "@/lib/platforms/guides";
import { PLATFORMS, type PlatformName } from "@/lib/platforms/types";
import { code, Section } from "./section";

/** How each platform signs, as checked (lib/platforms/<name>.ts), and which of its events run actions. */
const SIGNATURES: Record<PlatformName, { signature: string; events: string }> = {
  vapi: {
    signature: "X-Vapi-Secret: <secret> (Vapi's default), Authorization: Bearer <secret>, or an HMAC credential with its defaults (x-signature over \"{x-timestamp}.{body}\", ±5 min)",
    events: "end-of-call-report",
  },
  retell: { signature: "x-retell-signature: v=<ms>,d=<hex HMAC-SHA256 of body + ms, keyed by the API key>, ±5 min", events: "call_ended, then call_analyzed" },
  bland: { signature: "X-Webhook-Signature: hex HMAC-SHA256 of the body", events: "the post-call body (a later POST for the same call updates it)" },
  elevenlabs: { signature: "ElevenLabs-Signature: t=<s>,v0=<hex HMAC-SHA256 of \"t.body\">, at most 30 min old", events: "post_call_transcription" },
  synthflow: { signature: "Synthflow-Signature: base64 HMAC-SHA256 of call.call_id only — not the body", events: "the post-call body" },
};

const link = "text-primary underline underline-offset-4";

export function VoicePlatformsSection() {
  return (
    <Section id="voice-platforms" title="Connect your voice platform">
      <p>
        If your agent runs on Vapi, Retell, Bland, ElevenLabs or Synthflow, you don&apos;t need to send Aftercall anything yourself:
        add a connection under{" "}
        <Link className={link} href="/settings/voice-platforms">
          Settings → Voice platforms
        </Link>
        , paste the platform&apos;s signing secret, and paste the connection&apos;s URL (
        <code className={code}>/api/v1/inbound/con_…</code>) into the platform. Its own post-call webhook then becomes a call here,
        with the same SMS, email and webhook actions, and the webhook payload adds <code className={code}>data.call.platform</code>{" "}
        and the platform&apos;s own <code className={code}>data.call.analysis</code>.
      </p>
      <div className="overflow-x-auto rounded-lg border">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">How each platform&apos;s webhook is checked and which events run your actions</caption>
          <thead className="bg-muted/50">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Platform</th>
              <th scope="col" className="px-3 py-2 font-medium">Signature checked, over the exact body received</th>
              <th scope="col" className="px-3 py-2 font-medium">Events that run your actions</th>
            </tr>
          </thead>
          <tbody>
            {PLATFORMS.map((p) => (
              <tr key={p} className="border-t align-top">
                <th scope="row" className="px-3 py-2 font-medium">{PLATFORM_GUIDES[p].label}</th>
                <td className="px-3 py-2">{SIGNATURES[p].signature}</td>
                <td className="px-3 py-2">{SIGNATURES[p].events}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {PLATFORMS.map((p) => (
        <details key={p} className="rounded-lg border px-4 py-3 [&[open]>summary]:mb-2">
          <summary className="cursor-pointer font-medium">Set up {PLATFORM_GUIDES[p].label}</summary>
          <ol className="grid list-decimal gap-1.5 pl-5">
            {PLATFORM_GUIDES[p].steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <p className="mt-2 text-sm text-muted-foreground">
            Secret: {PLATFORM_GUIDES[p].secretLabel}. {PLATFORM_GUIDES[p].secretHint}
          </p>
        </details>
      ))}
      <p>What the connection&apos;s URL answers, so you can read the platform&apos;s delivery log:</p>
      <ul className="grid list-disc gap-1 pl-5">
        <li>
          <code className={code}>202 {`{"call_id":"call_…"}`}</code> — a new call; <code className={code}>200</code> with the same id —
          a call already here, updated (a redelivery, Bland&apos;s corrected post, Retell&apos;s call_analyzed). No action ever runs twice.
        </li>
        <li>
          <code className={code}>200 {`{"ignored":"<type>"}`}</code> — a signed event Aftercall doesn&apos;t act on (Vapi&apos;s other server
          messages, Retell&apos;s call_started, …), answered at once so the platform never disables the URL.
        </li>
        <li>
          <code className={code}>401</code> — a missing or wrong signature, or a stale timestamp; counted on the connection, where the
          last reason is shown. <code className={code}>404</code> — no such connection (deleted?). <code className={code}>400</code> /{" "}
          <code className={code}>415</code> / <code className={code}>413</code> — not the platform&apos;s JSON, or over 1 MiB.{" "}
          <code className={code}>503</code> with <code className={code}>retry-after</code> — nothing was stored; retry.
        </li>
      </ul>
      <p>
        Retell sends the summary only with <code className={code}>call_analyzed</code>: your actions run when it arrives, or after the
        connection&apos;s wait (3 minutes unless changed) if it never does — once either way. To try a connection without a real call,
        run <code className={code}>npm run simulate -- --platform retell</code> (or vapi, bland, elevenlabs, synthflow) against a running
        app: it sends that platform&apos;s sample event, signed its way with the connection&apos;s secret.
      </p>
    </Section>
  );
}
