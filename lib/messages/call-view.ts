import type { CallStatus, PhoneType, TranscriptEntry } from "@/db/schema";
import type { PlatformName } from "@/lib/platforms/types";

/**
 * Everything a notification says about a call, already resolved: the contact name by the rule of
 * docs/architecture.md §1 (a saved contact's name wins, else the name heard on the call, else none) and the
 * recording as an Aftercall `/r/…` link. SMS, email, webhook and previews all render from this.
 */
export type CallView = {
  id: string;
  externalId: string;
  direction: "inbound" | "outbound";
  status: CallStatus;
  /** Null when a voice platform sent no number (a web call). */
  from: string | null;
  to: string | null;
  /** The other party's number; null when the caller was anonymous. */
  callerNumber: string | null;
  contact: { name: string | null; saved: boolean; phone: string | null; phoneType: PhoneType };
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  summary: string | null;
  transcript: TranscriptEntry[];
  recordingLink: string | null;
  /** Null for a test send about no stored call: there is no page to link to. */
  callPageUrl: string | null;
  timeZone: string;
  /** Calls from a voice platform connection: the platform, the connection (null once deleted) and the agent's id there. */
  platform: { name: PlatformName; connectionId: string | null; agentId: string | null } | null;
  /** The platform's post-call analysis as sent; null for native calls and platforms that sent none. */
  analysis: Record<string, unknown> | null;
  /** The name the owner gave the call's agent (Settings → Agents); null while unnamed. */
  agentName?: string | null;
  /** A test send (Send test, a sample call): the SMS starts "Test:", the email subject "[Test]". */
  test?: boolean;
};

/** The rule of docs/architecture.md §1, in one place. */
export function resolveContactName(saved: { name: string | null; saved: boolean } | null, heard: string | null) {
  if (saved?.saved && saved.name) return { name: saved.name, saved: true };
  if (heard) return { name: heard, saved: false };
  return { name: null, saved: false };
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${s.toString().padStart(2, "0")}s` : `${s}s`;
}

export function transcriptText(transcript: TranscriptEntry[]): string {
  return transcript.map((t) => `${t.role === "agent" ? "Agent" : "Caller"}: ${t.text}`).join("\n");
}

/** `m:ss` from the call's start; empty when the platform gave no time for the turn. */
export function formatOffset(ms: number | null): string {
  if (ms === null) return "";
  const total = Math.floor(ms / 1000);
  return `${Math.floor(total / 60)}:${(total % 60).toString().padStart(2, "0")}`;
}

/**
 * A sample call for previews (the settings page shows each message as it would be sent) and for test
 * sends. `links: false` (test sends): no call page or recording link, since neither exists.
 */
export function sampleCallView(appUrl: string, timeZone = "Australia/Sydney", opts: { links?: boolean } = {}): CallView {
  const links = opts.links ?? true;
  const endedAt = new Date("2026-11-24T09:03:12Z");
  return {
    id: "call_sample",
    externalId: "CA8f2c1d9e",
    direction: "inbound",
    status: "completed",
    from: "+61412345678",
    to: "+61290000000",
    callerNumber: "+61412345678",
    contact: { name: "Jane Citizen", saved: true, phone: "+61412345678", phoneType: "mobile" },
    startedAt: new Date(endedAt.getTime() - 192_000),
    endedAt,
    durationSeconds: 192,
    summary:
      "Wants an appraisal of 12 Smith St, Paddington before listing in spring. Prefers a weekday morning visit; asked for a call back today.",
    transcript: [
      { role: "agent", text: "Hi, you've reached Demo Realty. How can I help?", start_ms: 0, end_ms: 2400 },
      { role: "caller", text: "Hi, I'd like an appraisal of my place on Smith Street.", start_ms: 2900, end_ms: 6100 },
      { role: "agent", text: "Of course. When would suit for a visit?", start_ms: 6600, end_ms: 8800 },
      { role: "caller", text: "Weekday mornings are best.", start_ms: 9200, end_ms: 10900 },
    ],
    recordingLink: links ? `${appUrl}/r/sample` : null,
    callPageUrl: links ? `${appUrl}/calls/call_sample` : null,
    timeZone,
    platform: null,
    analysis: null,
  };
}
