import { symmetric } from "retell-sdk/lib/webhook_auth";
import { describe, expect, it } from "vitest";
import { assertOneByteChangesFail, at, badRequestFields, callOf, fixture } from "@/tests/fixtures/platforms/load";
import { parseRetell, retellStatus, verifyRetell } from "./retell";
import { signBody, signedSampleEvent } from "./samples";
import { hmacSha256 } from "./shared";

const KEY = "key_4b1e9c7a2d8f3e6b5a0c9d1e";
const NOW = Date.UTC(2026, 10, 24, 9, 5);
const BODY = JSON.stringify(fixture("retell-call-analyzed.json"));

const verify = (signature: string | null, body: string | Buffer = BODY, now = NOW) =>
  verifyRetell(new Headers(signature === null ? {} : { "x-retell-signature": signature }), Buffer.from(body), KEY, now);

describe("Retell verify", () => {
  it("matches Retell's published test vector", () => {
    const signature = "v=1700000000000,d=07024cabe7dd8f6d1c6e4a8324ca92c812e6ad4a7ee506c04f7e462e3321823e";
    const result = verifyRetell(new Headers({ "x-retell-signature": signature }), Buffer.from('{"event":"call_ended"}'), "test-api-key", 1_700_000_000_000);
    expect(result).toEqual({ ok: true });
  });

  it("accepts what the official SDK signs, and the SDK accepts what we sign", async () => {
    const fromSdk = await symmetric.sign(BODY, KEY, NOW - 60_000);
    expect(verify(fromSdk)).toEqual({ ok: true });
    const ours = signBody("retell", BODY, KEY, NOW)["x-retell-signature"]!;
    await expect(symmetric.verify(BODY, KEY, ours, { timestamp: NOW })).resolves.toBe(true);
    const sample = signedSampleEvent("retell", { secret: KEY, now: NOW });
    await expect(symmetric.verify(sample.body, KEY, sample.headers["x-retell-signature"]!, { timestamp: NOW })).resolves.toBe(true);
  });

  it("refuses a tampered body, as the SDK does", async () => {
    const signature = await symmetric.sign(BODY, KEY, NOW);
    const tampered = BODY.replace("John Doe", "John Dough");
    expect(verify(signature, tampered)).toEqual({ ok: false, message: "the signature does not match the body" });
    await expect(symmetric.verify(tampered, KEY, signature, { timestamp: NOW })).resolves.toBe(false);
  });

  it("refuses a timestamp more than 5 minutes either side, as the SDK does", async () => {
    for (const stamp of [NOW - 300_001, NOW + 300_001]) {
      const signature = await symmetric.sign(BODY, KEY, stamp);
      expect(verify(signature)).toEqual({ ok: false, message: "the timestamp is more than 5 minutes from now" });
      await expect(symmetric.verify(BODY, KEY, signature, { timestamp: NOW })).resolves.toBe(false);
    }
    expect(verify(await symmetric.sign(BODY, KEY, NOW - 300_000)).ok).toBe(true);
  });

  it("names a missing or malformed header without throwing", () => {
    expect(verify(null)).toEqual({ ok: false, message: "x-retell-signature is missing" });
    const malformed = { ok: false, message: "x-retell-signature is not in the form v=<timestamp>,d=<hex signature>" };
    for (const garbage of ["abc", "v=,d=", `d=${"a".repeat(64)},v=${NOW}`, `v=${NOW},d=xyz`, `v=1e12,d=${"a".repeat(64)}`, `v=${"9".repeat(40)},d=00`]) {
      expect(verify(garbage)).toEqual(malformed);
    }
    expect(verify(`v=${NOW},d=abc`)).toEqual({ ok: false, message: "the signature does not match the body" });
  });

  it("refuses a signature made with another key", async () => {
    expect(verify(await symmetric.sign(BODY, "another-key", NOW))).toEqual({ ok: false, message: "the signature does not match the body" });
  });

  it("property: any body signed with the key verifies, and any one-byte change does not", () => {
    assertOneByteChangesFail((body) => {
      const signature = `v=${NOW},d=${hmacSha256(KEY, body, String(NOW)).toString("hex")}`;
      return (candidate) => verify(signature, candidate).ok;
    });
  });
});

describe("Retell parse", () => {
  it("maps call_ended as not final (the analysis follows), with word times in s → ms", () => {
    const event = parseRetell(fixture("retell-call-ended.json"));
    expect(event).toMatchObject({ kind: "call", final: false });
    expect(callOf(event)).toEqual({
      externalId: "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6",
      agentId: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
      direction: "inbound",
      agentNumber: "+12137771235",
      callerNumber: "+12137771234",
      status: "completed",
      startedAt: "2024-05-02T00:07:55.945Z",
      endedAt: "2024-05-02T00:08:11.736Z",
      timesKnown: true,
      contactName: "John Doe",
      summary: null,
      transcript: [
        { role: "agent", text: "Hi, this is Ridgeline Realty, how can I help?", start_ms: 700, end_ms: 3300 },
        { role: "caller", text: "Hi, I'm calling about the open house on Saturday.", start_ms: 4100, end_ms: 6600 },
        { role: "agent", text: "Sure, it's from ten to noon.", start_ms: 7200, end_ms: 8650 },
      ],
      recordingUrl: "https://retellai.s3.us-west-2.amazonaws.com/Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6/recording.wav",
      analysis: null,
    });
  });

  it("maps call_analyzed as final, with the summary and the analysis as sent", () => {
    const event = parseRetell(fixture("retell-call-analyzed.json"));
    expect(event).toMatchObject({ kind: "call", final: true });
    const call = callOf(event);
    expect(call.summary).toBe("The caller asked about the Saturday open house; the agent said it runs from ten to noon.");
    expect(call.analysis).toEqual({
      call_summary: "The caller asked about the Saturday open house; the agent said it runs from ten to noon.",
      in_voicemail: false,
      user_sentiment: "Positive",
      call_successful: true,
      custom_analysis_data: { interested_in_property: true },
    });
  });

  it("accepts an analysis without custom data, and keeps it as sent", () => {
    const body = fixture("retell-call-analyzed.json");
    delete at(body, "call.call_analysis").custom_analysis_data;
    expect(callOf(parseRetell(body)).analysis).not.toHaveProperty("custom_analysis_data");
  });

  it("maps an outbound call that never connected: the agent's number is from_number, no start time", () => {
    const call = callOf(parseRetell(fixture("retell-call-ended-no-answer.json")));
    expect(call).toMatchObject({
      direction: "outbound",
      agentNumber: "+12137771235",
      callerNumber: "+12137779999",
      status: "no-answer",
      startedAt: "2024-05-02T00:16:40.500Z",
      endedAt: "2024-05-02T00:16:40.500Z",
      transcript: [],
      contactName: null,
    });
  });

  it("treats a web call as inbound with no numbers", () => {
    const body = fixture("retell-call-ended.json");
    Object.assign(at(body, "call"), { call_type: "web_call", direction: undefined, from_number: undefined, to_number: undefined });
    expect(callOf(parseRetell(body))).toMatchObject({ direction: "inbound", agentNumber: null, callerNumber: null });
  });

  it("ignores its other events", () => {
    expect(parseRetell(fixture("retell-call-started.json"))).toEqual({ kind: "ignored", type: "call_started" });
    expect(parseRetell({ event: "transcript_updated", call: {} })).toEqual({ kind: "ignored", type: "transcript_updated" });
  });

  it.each([
    ["user_hangup", "ended", "completed"],
    ["agent_hangup", "ended", "completed"],
    ["voicemail_reached", "ended", "completed"],
    ["call_transfer", "ended", "completed"],
    ["dial_no_answer", "not_connected", "no-answer"],
    ["dial_busy", "not_connected", "busy"],
    ["user_declined", "not_connected", "busy"],
    ["dial_failed", "not_connected", "failed"],
    ["invalid_destination", "not_connected", "failed"],
    ["telephony_provider_unavailable", "not_connected", "failed"],
    ["error_llm_websocket_open", "error", "failed"],
    ["error_unknown", "ended", "failed"],
    ["manual_stopped", "not_connected", "canceled"],
    ["manual_stopped", "ended", "completed"],
    [undefined, "error", "failed"],
  ] as const)("maps disconnection_reason %s (call_status %s) to %s", (reason, callStatus, status) => {
    expect(retellStatus(reason, callStatus)).toBe(status);
  });

  it("falls back to the transcript string when there is no transcript_object", () => {
    const body = fixture("retell-call-ended.json");
    delete at(body, "call").transcript_object;
    expect(callOf(parseRetell(body)).transcript.map((t) => [t.role, t.start_ms])).toEqual([
      ["agent", null],
      ["caller", null],
      ["agent", null],
    ]);
  });

  it("answers a body that is not Retell's shape with a 400 naming Retell's field paths", () => {
    expect(badRequestFields(() => parseRetell("call_ended"))).toEqual(["(body)"]);
    expect(badRequestFields(() => parseRetell({ call: {} }))).toEqual(["event"]);
    expect(badRequestFields(() => parseRetell({ event: "call_ended" }))).toEqual(["call"]);
    const body = fixture("retell-call-analyzed.json");
    delete at(body, "call").call_id;
    at(body, "call").start_timestamp = "yesterday";
    at(body, "call.call_analysis").call_summary = 7;
    expect(badRequestFields(() => parseRetell(body)).sort()).toEqual(["call.call_analysis.call_summary", "call.call_id", "call.start_timestamp"]);
  });

  it("maps both stages of the sample", () => {
    const ended = parseRetell(JSON.parse(signedSampleEvent("retell", { secret: KEY, stage: "call_ended", externalId: "call_x" }).body));
    const analyzed = parseRetell(JSON.parse(signedSampleEvent("retell", { secret: KEY, summary: "Pipe.", externalId: "call_x" }).body));
    expect(ended).toMatchObject({ final: false, call: { externalId: "call_x", summary: null, analysis: null } });
    expect(analyzed).toMatchObject({ final: true, call: { externalId: "call_x", summary: "Pipe." } });
  });
});
