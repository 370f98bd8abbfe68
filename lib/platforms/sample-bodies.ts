import type { PlatformName } from "./types";

/**
 * The bodies behind lib/platforms/samples.ts: one plumbing call, shaped as each platform sends it
 * (field names and units per tests/fixtures/platforms/README.md). Vapi's is a full-size
 * end-of-call report with tool calls, costs and every recording link.
 */
export type SampleCall = {
  externalId: string;
  agentNumber: string;
  /** The platform's agent / assistant id (Bland's pathway); each body has its own default. */
  agentId?: string;
  callerNumber: string;
  now: number;
  stage: "call_ended" | "call_analyzed";
  summary: string;
  startMs: number;
  endMs: number;
};

/** What was said, with offsets in seconds from the call's start. */
const LINES: { role: "agent" | "caller"; text: string; at: number; for: number }[] = [
  { role: "agent", text: "Hi, you've reached Harbour Plumbing, this is the virtual assistant. How can I help today?", at: 0.6, for: 4.2 },
  { role: "caller", text: "Hi, I've got a burst pipe under the kitchen sink. Water everywhere.", at: 5.9, for: 3.8 },
  { role: "agent", text: "I'm sorry to hear that. Have you been able to turn the water off at the mains?", at: 10.4, for: 3.9 },
  { role: "caller", text: "Yes, it's off now, but we've got no water in the house.", at: 15.1, for: 2.9 },
  { role: "agent", text: "Good, that stops any more damage. What's the address, please?", at: 18.7, for: 3.1 },
  { role: "caller", text: "12 Smith Street, Paddington.", at: 22.6, for: 2.0 },
  { role: "agent", text: "Thanks. And who am I speaking with?", at: 25.3, for: 1.9 },
  { role: "caller", text: "Jane Citizen.", at: 27.9, for: 1.1 },
  { role: "agent", text: "Thanks, Jane. When would suit for a plumber to come out?", at: 29.8, for: 2.8 },
  { role: "caller", text: "Any time today after one o'clock. Sooner is better.", at: 33.3, for: 3.0 },
  { role: "agent", text: "I've marked it urgent. A plumber will call you within the hour to confirm a time this afternoon.", at: 37.0, for: 5.1 },
  { role: "caller", text: "Great, thank you so much.", at: 42.9, for: 1.4 },
  { role: "agent", text: "You're welcome, Jane. Talk soon. Goodbye.", at: 45.0, for: 2.2 },
];
export const SAMPLE_DURATION_S = 48.3;

const iso = (ms: number) => new Date(ms).toISOString();
const labelled = (agent: string, caller: string) => LINES.map((l) => `${l.role === "agent" ? agent : caller}: ${l.text}`).join("\n");

export const SAMPLE_BODIES: Record<PlatformName, (c: SampleCall) => unknown> = {
  vapi: vapiReport,
  retell: (c) => ({ event: c.stage, call: retellCall(c) }),
  bland: blandCall,
  elevenlabs: elevenLabsEvent,
  synthflow: synthflowCall,
};

function vapiReport(c: SampleCall) {
  const id = c.externalId;
  const assistantId = c.agentId ?? "5b0a4c8e-1f7a-4d2b-9c33-2a8f6e1d7b90";
  const phoneNumberId = "0f6c2d1e-8b3a-4e57-a9d4-7c1e5f2b3a60";
  const customer = { number: c.callerNumber };
  const recordingBase = `https://storage.vapi.ai/${id}`;
  const systemPrompt =
    "You are the after-hours receptionist for Harbour Plumbing. Be brief and warm. Find out what the problem is, whether the water is off, the address, the caller's name and when suits for a visit. Never quote prices. Mark burst pipes and flooding as urgent.";
  const messages = [
    { role: "system", message: systemPrompt, time: c.startMs, secondsFromStart: 0 },
    ...LINES.flatMap((l, i) => {
      const time = c.startMs + Math.round(l.at * 1000);
      const spoken = {
        role: l.role === "agent" ? "bot" : "user",
        message: l.text,
        time,
        endTime: time + Math.round(l.for * 1000),
        secondsFromStart: l.at,
        duration: Math.round(l.for * 1000),
        ...(l.role === "agent" ? { source: "" } : {}),
      };
      if (i !== 10) return [spoken];
      // The agent flags the job as urgent through a tool before answering.
      const toolCallId = "call_Yk2Hq8xWm3Rb7TzP";
      return [
        { role: "tool_calls", time: time - 900, secondsFromStart: l.at - 0.9, toolCalls: [{ id: toolCallId, type: "function", function: { name: "flag_urgent", arguments: '{"reason":"burst pipe","address":"12 Smith Street, Paddington"}' } }] },
        { role: "tool_call_result", time: time - 400, secondsFromStart: l.at - 0.4, name: "flag_urgent", result: '{"ok":true,"ticket":"HP-20931"}', toolCallId },
        spoken,
      ];
    }),
  ];
  const analysis = {
    summary: c.summary,
    structuredData: { caller_name: "Jane Citizen", address: "12 Smith Street, Paddington", urgent: true, preferred_time: "today after 1 pm" },
    successEvaluation: "true",
  };
  const costs = [
    { type: "transport", provider: "twilio", minutes: 0.805, cost: 0.0068 },
    { type: "transcriber", transcriber: { provider: "deepgram", model: "nova-3" }, minutes: 0.82, cost: 0.0082 },
    { type: "model", model: { provider: "openai", model: "gpt-4o-mini" }, promptTokens: 6812, completionTokens: 214, cost: 0.0011 },
    { type: "voice", voice: { provider: "11labs", voiceId: "burt" }, characters: 612, cost: 0.0214 },
    { type: "vapi", subType: "normal", minutes: 0.805, cost: 0.0403 },
    { type: "analysis", analysisType: "summary", model: { provider: "anthropic", model: "claude-sonnet" }, promptTokens: 1288, completionTokens: 61, cost: 0.0048 },
  ];
  const cost = Math.round(costs.reduce((sum, x) => sum + x.cost, 0) * 10_000) / 10_000;
  return {
    message: {
      timestamp: c.endMs + 4_000,
      type: "end-of-call-report",
      endedReason: "customer-ended-call",
      cost,
      costs,
      startedAt: iso(c.startMs),
      endedAt: iso(c.endMs),
      durationMs: c.endMs - c.startMs,
      durationSeconds: (c.endMs - c.startMs) / 1000,
      phoneNumber: { id: phoneNumberId, provider: "twilio", number: c.agentNumber, name: "Harbour Plumbing after hours", assistantId, twilioAccountSid: "AC4f1e2d3c4b5a69788796a5b4c3d2e1f0" },
      customer,
      call: {
        id,
        orgId: "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4",
        createdAt: iso(c.startMs - 2_100),
        updatedAt: iso(c.endMs + 3_900),
        type: "inboundPhoneCall",
        status: "ended",
        endedReason: "customer-ended-call",
        assistantId,
        phoneNumberId,
        phoneCallProvider: "twilio",
        phoneCallProviderId: "CA8f2b6c1d9e4a7f3b5c2d8e1f6a9b4c7d",
        phoneCallTransport: "pstn",
        customer,
        startedAt: iso(c.startMs),
        endedAt: iso(c.endMs),
        cost,
      },
      assistant: { name: "Harbour Plumbing receptionist", firstMessage: LINES[0]!.text, voice: { provider: "11labs", voiceId: "burt" } },
      artifact: {
        messages,
        messagesOpenAIFormatted: [
          { role: "system", content: systemPrompt },
          ...LINES.map((l) => ({ role: l.role === "agent" ? "assistant" : "user", content: l.text })),
        ],
        transcript: labelled("AI", "User"),
        recordingUrl: `${recordingBase}-mono.wav`,
        stereoRecordingUrl: `${recordingBase}-stereo.wav`,
        recording: {
          stereoUrl: `${recordingBase}-stereo.wav`,
          mono: { combinedUrl: `${recordingBase}-mono.wav`, assistantUrl: `${recordingBase}-assistant.wav`, customerUrl: `${recordingBase}-customer.wav` },
        },
        logUrl: `https://calllogs.vapi.ai/${id}.jsonl.gz`,
        performanceMetrics: { turnLatencyAverage: 1184, modelLatencyAverage: 462, voiceLatencyAverage: 318, transcriberLatencyAverage: 204, endpointingLatencyAverage: 180 },
      },
      analysis,
    },
  };
}

function retellCall(c: SampleCall) {
  const call = {
    call_type: "phone_call",
    call_id: c.externalId,
    agent_id: c.agentId ?? "agent_4f2a9c1e7b3d8e6f5a0b2c9d",
    agent_version: 3,
    agent_name: "Harbour Plumbing receptionist",
    call_status: "ended",
    direction: "inbound",
    from_number: c.callerNumber,
    to_number: c.agentNumber,
    start_timestamp: c.startMs,
    end_timestamp: c.endMs,
    duration_ms: c.endMs - c.startMs,
    disconnection_reason: "user_hangup",
    transcript: labelled("Agent", "User"),
    transcript_object: LINES.map((l) => ({ role: l.role === "agent" ? "agent" : "user", content: l.text, words: retellWords(l) })),
    recording_url: `https://dxc03zgurdly9.cloudfront.net/${c.externalId}/recording.wav`,
    public_log_url: `https://dxc03zgurdly9.cloudfront.net/${c.externalId}/public.log`,
    metadata: {},
    retell_llm_dynamic_variables: { customer_name: "Jane Citizen" },
    opt_in_signed_url: false,
    call_cost: { combined_cost: 9.2, product_costs: [{ product: "retell_platform", unit_price: 0.1167, cost: 5.64 }], total_duration_seconds: 49, total_duration_unit_price: 0.19 },
  };
  if (c.stage === "call_ended") return call;
  return {
    ...call,
    call_analysis: { call_summary: c.summary, in_voicemail: false, user_sentiment: "Positive", call_successful: true, custom_analysis_data: { urgent: true } },
  };
}

/** Word times spread evenly over the line (Retell's are per word, in seconds). */
function retellWords(l: (typeof LINES)[number]) {
  const words = l.text.split(" ");
  const step = l.for / words.length;
  return words.map((word, i) => ({ word, start: +(l.at + i * step).toFixed(3), end: +(l.at + (i + 1) * step).toFixed(3) }));
}

function blandCall(c: SampleCall) {
  return {
    call_id: c.externalId,
    c_id: c.externalId,
    ...(c.agentId ? { pathway_id: c.agentId } : {}),
    to: c.agentNumber,
    from: c.callerNumber,
    inbound: true,
    completed: true,
    status: "completed",
    queue_status: "complete",
    answered_by: "human",
    call_ended_by: "USER",
    error_message: null,
    created_at: iso(c.startMs - 1_500),
    started_at: iso(c.startMs),
    end_at: iso(c.endMs),
    call_length: +((c.endMs - c.startMs) / 60_000).toFixed(4),
    corrected_duration: String(Math.round((c.endMs - c.startMs) / 1000)),
    summary: c.summary,
    concatenated_transcript: labelled("assistant", "user"),
    transcripts: LINES.map((l, i) => ({ id: 48_200_000 + i, created_at: iso(c.startMs + Math.round(l.at * 1000)), text: l.text, user: l.role === "agent" ? "assistant" : "user", c_id: c.externalId })),
    recording_url: `https://server.aws.dc5.bland.ai/v1/recordings/${c.externalId}`,
    record: true,
    price: 0.07,
    variables: { customer_name: "Jane Citizen", address: "12 Smith Street, Paddington", timestamp: iso(c.startMs), language: "ENG" },
    metadata: {},
    analysis: null,
    disposition_tag: "urgent_job",
  };
}

function elevenLabsEvent(c: SampleCall) {
  const start = Math.floor(c.startMs / 1000);
  return {
    type: "post_call_transcription",
    event_timestamp: Math.floor(c.now / 1000),
    data: {
      agent_id: c.agentId ?? "agent_01jz8k3m4n5p6q7r8s9t0v1w2x",
      agent_name: "Harbour Plumbing receptionist",
      conversation_id: c.externalId,
      status: "done",
      user_id: null,
      transcript: LINES.map((l) => ({ role: l.role === "agent" ? "agent" : "user", message: l.text, time_in_call_secs: Math.floor(l.at), tool_calls: [], tool_results: [], interrupted: false })),
      metadata: {
        start_time_unix_secs: start,
        accepted_time_unix_secs: start,
        call_duration_secs: Math.round((c.endMs - c.startMs) / 1000),
        cost: 412,
        termination_reason: "Call ended by remote party",
        main_language: "en",
        phone_call: { type: "twilio", direction: "inbound", phone_number_id: "phnum_01jz8k3m4n5p6q7r8s", agent_number: c.agentNumber, external_number: c.callerNumber, call_result: "answered", call_sid: "CA5e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b", stream_sid: "MZ0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d" },
      },
      analysis: {
        call_successful: "success",
        transcript_summary: c.summary,
        call_summary_title: "Burst pipe, urgent visit",
        evaluation_criteria_results: {},
        data_collection_results: { customer_name: { data_collection_id: "customer_name", value: "Jane Citizen", rationale: "The caller said her name is Jane Citizen." } },
      },
      conversation_initiation_client_data: { dynamic_variables: { system__caller_id: c.callerNumber, system__called_number: c.agentNumber } },
      has_audio: true,
      has_user_audio: true,
      has_response_audio: true,
    },
  };
}

function synthflowCall(c: SampleCall) {
  return {
    status: "completed",
    error_message: "",
    lead: { name: "Jane Citizen", phone_number: c.callerNumber, prompt_variables: {} },
    call: {
      status: "completed",
      end_call_reason: "human_goodbye",
      model_id: c.agentId ?? "1711241656808x745681686585854500",
      timezone: "Australia/Sydney",
      call_id: c.externalId,
      duration: Math.round((c.endMs - c.startMs) / 1000),
      start_time: iso(c.startMs),
      transcript: `\n${labelled("bot", "human")}`,
      recording_url: `https://recordings.synthflow.ai/${c.externalId}.mp3`,
      diversion: null,
      external_id: null,
    },
    executed_actions: {
      extract_info_1: { name: "extract_info_1", action_type: "extract_info_action_type", parameters_hard_coded: { identifier: "address" }, error_message: null, return_value: { address: "12 Smith Street, Paddington" } },
    },
    analysis: { persona: "true", persona_feedback: "", call_summary: "true", call_summary_feedback: "" },
    collected_variables: { address: { value: "12 Smith Street, Paddington", collected: true } },
  };
}
