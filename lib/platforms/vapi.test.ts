import { describe, expect, it } from "vitest";
import { assertOneByteChangesFail, at, badRequestFields, callOf, fixture } from "@/tests/fixtures/platforms/load";
import { signBody, signedSampleEvent } from "./samples";
import { hmacSha256 } from "./shared";
import { parseVapi, verifyVapi, vapiStatus } from "./vapi";

const SECRET = "vapi-server-secret-0123456789";
const NOW = Date.UTC(2026, 10, 24, 9, 5);
const BODY = Buffer.from('{"message":{"type":"end-of-call-report"}}');

const verify = (headers: Record<string, string>, body: Buffer = BODY, now = NOW) => verifyVapi(new Headers(headers), body, SECRET, now);
const hmacHeaders = (timestamp: string, body: Buffer = BODY, secret = SECRET) => ({
  "x-timestamp": timestamp,
  "x-signature": hmacSha256(secret, `${timestamp}.`, body).toString("hex"),
});

describe("Vapi verify", () => {
  it("accepts its default x-vapi-secret header and refuses a different secret", () => {
    expect(verify({ "x-vapi-secret": SECRET })).toEqual({ ok: true });
    expect(verify({ "x-vapi-secret": `${SECRET}x` })).toEqual({ ok: false, message: "x-vapi-secret does not match the connection's secret" });
    expect(verify({ "x-vapi-secret": SECRET.slice(0, 5) }).ok).toBe(false);
  });

  it("accepts Authorization: Bearer <secret> and refuses other forms", () => {
    expect(verify({ authorization: `Bearer ${SECRET}` })).toEqual({ ok: true });
    expect(verify({ authorization: `bearer  ${SECRET}` })).toEqual({ ok: true });
    expect(verify({ authorization: "Bearer nope" })).toEqual({ ok: false, message: "the Bearer token does not match the connection's secret" });
    expect(verify({ authorization: `Basic ${SECRET}` })).toEqual({ ok: false, message: "Authorization is not in the form Bearer <secret>" });
  });

  it("accepts the HMAC credential with a timestamp in seconds or in milliseconds", () => {
    expect(verify(hmacHeaders(String(NOW)))).toEqual({ ok: true });
    expect(verify(hmacHeaders(String(Math.floor(NOW / 1000))))).toEqual({ ok: true });
  });

  it("refuses an HMAC signature that is stale, from the future, tampered, or for another body", () => {
    const stale = { ok: false, message: "the x-timestamp is more than 5 minutes from now" };
    expect(verify(hmacHeaders(String(NOW - 5 * 60_000 - 1)))).toEqual(stale);
    expect(verify(hmacHeaders(String(Math.floor(NOW / 1000) + 301)))).toEqual(stale);
    expect(verify(hmacHeaders(String(NOW - 5 * 60_000)))).toEqual({ ok: true });
    const mismatch = { ok: false, message: "the signature does not match the body" };
    expect(verify(hmacHeaders(String(NOW)), Buffer.from('{"message":{"type":"end-of-call-report"} }'))).toEqual(mismatch);
    expect(verify(hmacHeaders(String(NOW), BODY, "another-secret"))).toEqual(mismatch);
  });

  it("names what is wrong with malformed HMAC headers without throwing", () => {
    const sig = hmacHeaders(String(NOW))["x-signature"];
    expect(verify({ "x-signature": sig })).toEqual({ ok: false, message: "x-timestamp is missing (the HMAC signature covers it)" });
    expect(verify({ "x-signature": sig, "x-timestamp": "yesterday" })).toEqual({ ok: false, message: "x-timestamp is not a number of seconds or milliseconds" });
    for (const garbage of ["zz", "", "sha256=abc", "é", sig.slice(1), `${sig}00`]) {
      expect(verify({ "x-signature": garbage, "x-timestamp": String(NOW) }).ok).toBe(false);
    }
  });

  it("says which headers it looked for when none is present, and accepts any one that holds", () => {
    expect(verify({})).toEqual({ ok: false, message: "none of x-vapi-secret, Authorization or x-signature is present" });
    expect(verify({ authorization: "Bearer something-else", "x-vapi-secret": SECRET })).toEqual({ ok: true });
    expect(verify({ "x-vapi-secret": "wrong", authorization: "Bearer wrong" }).ok).toBe(false);
  });

  it("never accepts anything when the connection's secret is empty", () => {
    expect(verifyVapi(new Headers({ "x-vapi-secret": "" }), BODY, "", NOW).ok).toBe(false);
    expect(verifyVapi(new Headers({ authorization: "Bearer " }), BODY, "", NOW).ok).toBe(false);
  });

  it("property: any body HMAC-signed with the secret verifies, and any one-byte change does not", () => {
    assertOneByteChangesFail((body) => {
      const headers = hmacHeaders(String(NOW), body);
      return (candidate) => verify(headers, candidate).ok;
    });
  });
});

describe("Vapi parse", () => {
  it("maps an end-of-call report (artifact, analysis, numbers, times in ms offsets)", () => {
    const event = parseVapi(fixture("vapi-end-of-call-report.json"));
    expect(event).toMatchObject({ kind: "call", final: true });
    expect(callOf(event)).toEqual({
      externalId: "c2d1e0f9-8a7b-4c6d-9e5f-4a3b2c1d0e9f",
      agentId: "5b0a4c8e-1f7a-4d2b-9c33-2a8f6e1d7b90",
      direction: "inbound",
      agentNumber: "+14155550123",
      callerNumber: "+14155559876",
      status: "completed",
      startedAt: "2025-12-02T08:01:10.120Z",
      endedAt: "2025-12-02T08:02:11.940Z",
      timesKnown: true,
      contactName: "Jordan Lee",
      summary: "Jordan booked a cleaning for Thursday at 2pm.",
      // System and tool messages are not speech; secondsFromStart (s) → ms, end = start + (endTime - time).
      transcript: [
        { role: "agent", text: "Thanks for calling Bayview Dental, how can I help?", start_ms: 1200, end_ms: 3900 },
        { role: "caller", text: "Hi, I'd like to book a cleaning next week.", start_ms: 5500, end_ms: 8000 },
        { role: "agent", text: "I have Tuesday at 10 or Thursday at 2. Which suits?", start_ms: 9900, end_ms: 13400 },
        { role: "caller", text: "Thursday at 2, please.", start_ms: 15000, end_ms: 16500 },
      ],
      recordingUrl: "https://storage.vapi.ai/c2d1e0f9-8a7b-4c6d-9e5f-4a3b2c1d0e9f-combined.wav",
      analysis: {
        summary: "Jordan booked a cleaning for Thursday at 2pm.",
        structuredData: { appointment: "Thursday 2pm", service: "cleaning" },
        successEvaluation: "true",
      },
    });
  });

  it("reads the legacy message-level fields and the outbound direction", () => {
    const call = callOf(parseVapi(fixture("vapi-end-of-call-report-legacy.json")));
    expect(call).toMatchObject({
      direction: "outbound",
      agentNumber: "+442071838750",
      callerNumber: "+447700900123",
      summary: "The assistant confirmed tomorrow's delivery window with the customer.",
      recordingUrl: "https://storage.vapi.ai/7a1c9e2f-3b4d-4f6a-8c0e-1d2f3a4b5c6d-1735448942012-mono.wav",
    });
    expect(call.transcript[0]).toEqual({ role: "agent", text: "Hi there.", start_ms: 1200, end_ms: 1860 });
    expect(call.transcript).toHaveLength(4);
  });

  it("falls back to the transcript string, then to nothing, when there are no messages", () => {
    const body = fixture("vapi-end-of-call-report-legacy.json");
    delete at(body, "message").messages;
    expect(callOf(parseVapi(body)).transcript).toEqual([
      { role: "agent", text: "Hi there.", start_ms: null, end_ms: null },
      { role: "caller", text: "Hi.", start_ms: null, end_ms: null },
      { role: "agent", text: "Just confirming your delivery tomorrow between 9 and 11.", start_ms: null, end_ms: null },
      { role: "caller", text: "That's fine, thanks.", start_ms: null, end_ms: null },
    ]);
    delete at(body, "message").transcript;
    expect(callOf(parseVapi(body)).transcript).toEqual([]);
  });

  it("treats a web call as inbound with no numbers", () => {
    const body = fixture("vapi-end-of-call-report.json");
    at(body, "message.call").type = "webCall";
    const call = callOf(parseVapi(body));
    expect(call).toMatchObject({ direction: "inbound", agentNumber: null, callerNumber: null });
  });

  it("ignores other server messages, by their type", () => {
    expect(parseVapi(fixture("vapi-status-update.json"))).toEqual({ kind: "ignored", type: "status-update" });
    expect(parseVapi({ message: { type: "tool-calls", toolCallList: [] } })).toEqual({ kind: "ignored", type: "tool-calls" });
  });

  it.each([
    ["customer-ended-call", "completed"],
    ["assistant-ended-call", "completed"],
    ["silence-timed-out", "completed"],
    ["voicemail", "completed"],
    ["exceeded-max-duration", "completed"],
    ["assistant-forwarded-call", "completed"],
    ["customer-did-not-answer", "no-answer"],
    ["customer-busy", "busy"],
    ["manually-canceled", "canceled"],
    ["call.ringing.sip-inbound-caller-hungup-before-call-connect", "canceled"],
    ["twilio-failed-to-connect-call", "failed"],
    ["pipeline-error-openai-llm-failed", "failed"],
    ["call.in-progress.error-providerfault-openai-llm-failed", "failed"],
    ["call.in-progress.error-vapifault-deepgram-transcriber-failed", "failed"],
    ["assistant-request-returned-error", "failed"],
    ["assistant-not-found", "failed"],
    ["vonage-rejected", "failed"],
  ] as const)("maps endedReason %s to %s", (reason, status) => {
    expect(vapiStatus(reason)).toBe(status);
    const body = fixture("vapi-end-of-call-report.json");
    at(body, "message").endedReason = reason;
    expect(callOf(parseVapi(body)).status).toBe(status);
  });

  it("maps a minimal report, with every optional field absent, without inventing anything", () => {
    const call = callOf(parseVapi({ message: { type: "end-of-call-report", timestamp: NOW, call: { id: "call-1" } } }));
    expect(call).toEqual({
      externalId: "call-1",
      agentId: null,
      direction: "inbound",
      agentNumber: null,
      callerNumber: null,
      status: "completed",
      startedAt: new Date(NOW).toISOString(),
      endedAt: new Date(NOW).toISOString(),
      timesKnown: true,
      contactName: null,
      summary: null,
      transcript: [],
      recordingUrl: null,
      analysis: null,
    });
  });

  it("keeps only https recordings and E.164 numbers", () => {
    const body = fixture("vapi-end-of-call-report.json");
    at(body, "message.artifact.recording.mono").combinedUrl = "http://storage.vapi.ai/x.wav";
    at(body, "message.artifact").recordingUrl = "javascript:alert(1)";
    at(body, "message.customer").number = "anonymous";
    at(body, "message.phoneNumber").number = "+1 (415) 555-0123";
    const call = callOf(parseVapi(body));
    expect(call.recordingUrl).toBeNull();
    expect(call.callerNumber).toBeNull();
    expect(call.agentNumber).toBe("+14155550123");
  });

  it("clamps absurd times: end before start, offsets out of order or negative", () => {
    const body = fixture("vapi-end-of-call-report.json");
    at(body, "message").endedAt = "2025-12-02T08:00:00.000Z";
    const messages = at(body, "message.artifact").messages as Record<string, unknown>[];
    messages[1]!.secondsFromStart = -4;
    messages[2]!.secondsFromStart = 1e12;
    messages[5]!.secondsFromStart = 0.5;
    const call = callOf(parseVapi(body));
    expect(call.endedAt).toBe(call.startedAt);
    const starts = call.transcript.map((t) => t.start_ms!);
    expect(starts[0]).toBe(0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const t of call.transcript) expect(t.end_ms!).toBeGreaterThanOrEqual(t.start_ms!);
  });

  it("answers a body that is not Vapi's shape with a 400 naming Vapi's field paths", () => {
    expect(badRequestFields(() => parseVapi([]))).toEqual(["(body)"]);
    expect(badRequestFields(() => parseVapi({ type: "end-of-call-report", call: { id: "x" } }))).toEqual(["message"]);
    expect(badRequestFields(() => parseVapi({ message: { call: { id: "x" } } }))).toEqual(["message.type"]);
    expect(badRequestFields(() => parseVapi({ message: { type: "end-of-call-report" } }))).toEqual(["message.call"]);
    const body = fixture("vapi-end-of-call-report.json");
    at(body, "message.call").id = 42;
    at(body, "message.analysis").summary = { text: "no" };
    at(body, "message.artifact").messages = "none";
    expect(badRequestFields(() => parseVapi(body)).sort()).toEqual(["message.analysis.summary", "message.artifact.messages", "message.call.id"]);
  });
});

describe("Vapi sample", () => {
  it("is a full-size end-of-call report that verifies in each of Vapi's three ways and maps cleanly", () => {
    const sample = signedSampleEvent("vapi", { secret: SECRET, now: NOW, externalId: "vapi-call-1", summary: "Burst pipe." });
    expect(sample.body.length).toBeGreaterThan(6_000);
    for (const mode of ["secret", "hmac", "bearer"] as const) {
      const headers = signBody("vapi", sample.body, SECRET, NOW, { vapi: mode });
      expect(verify(headers, Buffer.from(sample.body))).toEqual({ ok: true });
    }
    const call = callOf(parseVapi(JSON.parse(sample.body)));
    expect(call).toMatchObject({ externalId: "vapi-call-1", agentNumber: "+61290001234", callerNumber: "+61412345678", summary: "Burst pipe." });
    expect(call.transcript).toHaveLength(13);
    expect(Date.parse(call.endedAt)).toBe(NOW - 20_000);
  });
});
