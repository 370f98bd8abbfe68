import type { CallStatus, TranscriptEntry } from "@/db/schema";

/**
 * Realistic call-end data for the demo seed and the simulator. Deterministic for a given seed so
 * screenshots and tests are repeatable.
 */
export type SampleCall = {
  callId: string;
  from: string;
  to: string;
  direction: "inbound" | "outbound";
  status: CallStatus;
  startedAt: Date;
  endedAt: Date;
  contactName: string | null;
  summary: string | null;
  transcript: TranscriptEntry[];
  recordingUrl: string | null;
};

const NAMES = [
  "Jane Citizen",
  "Oliver Nguyen",
  "Priya Sharma",
  "Liam O'Connor",
  "Mei Chen",
  "Noah Williams",
  "Chloé Martin",
  "Aroha Parata",
  "Sofia Rossi",
  "Ethan Brown",
  "Zoë Kowalski",
  "Hiro Tanaka",
];

const SCENARIOS: { summary: string; lines: [TranscriptEntry["role"], string][] }[] = [
  {
    summary: "Wants an appraisal of 12 Smith St, Paddington before listing in spring. Prefers a weekday morning visit.",
    lines: [
      ["agent", "Hi, you've reached Demo Realty, this is the virtual assistant. How can I help?"],
      ["caller", "Hi, I'm thinking of selling my place on Smith Street and wanted an appraisal."],
      ["agent", "Of course. What's the full address, and when would suit for a visit?"],
      ["caller", "12 Smith Street, Paddington. Weekday mornings are best."],
      ["agent", "Great, I'll have an agent call you back today to book a time."],
    ],
  },
  {
    summary: "Asked whether the 3-bedroom unit on Harbour Rd is still available and if pets are allowed.",
    lines: [
      ["agent", "Demo Realty, how can I help you today?"],
      ["caller", "Is the three-bedroom on Harbour Road still available?"],
      ["agent", "It is. Inspections are Saturday at 10. Anything else you'd like to know?"],
      ["caller", "Are pets allowed? I have a small dog."],
      ["agent", "I'll check with the landlord and have someone confirm by text."],
    ],
  },
  {
    summary: "Tenant reporting a leaking hot water system at unit 4/88 Ocean Pde. Urgent: no hot water since this morning.",
    lines: [
      ["agent", "Demo Realty property management, what's happened?"],
      ["caller", "Our hot water system is leaking everywhere and we have no hot water."],
      ["agent", "I'm sorry to hear that. What's the address?"],
      ["caller", "Unit 4, 88 Ocean Parade."],
      ["agent", "I've logged it as urgent and a plumber will be arranged today."],
    ],
  },
  {
    summary: "Buyer with pre-approval up to $1.2M looking for a family home near good schools in the inner west.",
    lines: [
      ["agent", "Thanks for calling Demo Realty. Are you buying, selling or renting?"],
      ["caller", "Buying. We're pre-approved up to one point two million."],
      ["agent", "Lovely. Any suburbs in mind?"],
      ["caller", "Inner west, close to a good primary school. Three bedrooms at least."],
      ["agent", "I'll send you our current listings and ask an agent to call."],
    ],
  },
  {
    summary: "Rescheduling Thursday's open home inspection 🏡 to Saturday; asked for a confirmation SMS.",
    lines: [
      ["agent", "Demo Realty, how can I help?"],
      ["caller", "I can't make Thursday's inspection. Is there one on Saturday?"],
      ["agent", "Yes, Saturday at 11. Shall I move you across?"],
      ["caller", "Please, and send me a text to confirm."],
    ],
  },
];

const MOBILES = ["+61412345678", "+61423456789", "+61434567890", "+61445678901", "+61456789012", "+61467890123"];
const LANDLINES = ["+61298765432", "+61387654321", "+61755512345"];
const STATUSES: CallStatus[] = ["completed", "completed", "completed", "completed", "no-answer", "busy", "failed", "canceled"];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export function sampleCall(opts: { agentNumber: string; index: number; seed?: number; endedAt?: Date }): SampleCall {
  const r = rng((opts.seed ?? 42) * 100_003 + opts.index * 7919);
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]!;
  const status = pick(STATUSES);
  const anonymous = r() < 0.05;
  const from = anonymous ? "anonymous" : pick(r() < 0.75 ? MOBILES : LANDLINES);
  const scenario = pick(SCENARIOS);
  const answered = status === "completed";
  const endedAt = opts.endedAt ?? new Date(Date.now() - Math.floor(r() * 14 * 86400_000));
  let t = 0;
  const transcript: TranscriptEntry[] = answered
    ? scenario.lines.map(([role, text]) => {
        const start = t + Math.floor(r() * 800);
        const end = start + 1200 + text.length * 55;
        t = end;
        return { role, text, start_ms: start, end_ms: end };
      })
    : [];
  const durationMs = answered ? t + 1500 : Math.floor(r() * 20_000);
  return {
    callId: `CA${Math.floor(r() * 2 ** 48).toString(16).padStart(12, "0")}${opts.index.toString(16).padStart(8, "0")}`,
    from,
    to: opts.agentNumber,
    direction: "inbound",
    status,
    startedAt: new Date(endedAt.getTime() - durationMs),
    endedAt,
    contactName: answered && r() < 0.7 ? pick(NAMES) : null,
    summary: answered ? scenario.summary : null,
    transcript,
    recordingUrl: answered && r() < 0.6 ? `https://recordings.example.com/${opts.index}.mp3` : null,
  };
}

/** The call-end event of docs/architecture.md §2 for a sample call. */
export function callEndedEvent(call: SampleCall) {
  return {
    type: "call.ended",
    data: {
      call_id: call.callId,
      to: call.to,
      from: call.from,
      direction: call.direction,
      status: call.status,
      started_at: call.startedAt.toISOString(),
      ended_at: call.endedAt.toISOString(),
      contact_name: call.contactName,
      summary: call.summary,
      transcript: call.transcript,
      recording_url: call.recordingUrl,
    },
  };
}
