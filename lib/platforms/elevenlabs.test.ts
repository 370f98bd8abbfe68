import { WebhooksClient } from "@elevenlabs/elevenlabs-js/wrapper/webhooks";
import { describe, expect, it } from "vitest";
import { assertOneByteChangesFail, at, badRequestFields, callOf, fixture } from "@/tests/fixtures/platforms/load";
import { elevenLabsStatus, parseElevenLabs, verifyElevenLabs } from "./elevenlabs";
import { signBody, signedSampleEvent } from "./samples";
import { hmacSha256 } from "./shared";

const SECRET = "wsec_8c1f4a9e2b7d3c6f5e0a1b2c3d4e5f60";
const BODY = JSON.stringify(fixture("elevenlabs-post-call-transcription-phone.json"));
const sdk = new WebhooksClient();

const header = (t: number | string, body = BODY, secret = SECRET) => `t=${t},v0=${hmacSha256(secret, `${t}.${body}`).toString("hex")}`;
const verify = (signature: string | null, body = BODY, now = Date.now()) =>
  verifyElevenLabs(new Headers(signature === null ? {} : { "elevenlabs-signature": signature }), Buffer.from(body), SECRET, now);

// The SDK reads the real clock, so these tests sign relative to Date.now().
describe("ElevenLabs verify", () => {
  it("accepts what we sign, and the official SDK accepts it too", async () => {
    const now = Date.now();
    const signature = signBody("elevenlabs", BODY, SECRET, now)["elevenlabs-signature"]!;
    expect(verify(signature, BODY, now)).toEqual({ ok: true });
    await expect(sdk.constructEvent(BODY, signature, SECRET)).resolves.toMatchObject({ type: "post_call_transcription" });
    const sample = signedSampleEvent("elevenlabs", { secret: SECRET, now });
    await expect(sdk.constructEvent(sample.body, sample.headers["elevenlabs-signature"]!, SECRET)).resolves.toBeTruthy();
  });

  it("refuses a tampered body, as the SDK does", async () => {
    const signature = header(Math.floor(Date.now() / 1000));
    const tampered = BODY.replace("Sam Patel", "Pam Satel");
    expect(verify(signature, tampered)).toEqual({ ok: false, message: "the signature does not match the body" });
    await expect(sdk.constructEvent(tampered, signature, SECRET)).rejects.toThrow(/Signature hash does not match/);
  });

  it("refuses a timestamp more than 30 minutes old and accepts a future one, as the SDK does", async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const old = header(nowS - 31 * 60);
    expect(verify(old)).toEqual({ ok: false, message: "the timestamp is more than 30 minutes old" });
    await expect(sdk.constructEvent(BODY, old, SECRET)).rejects.toThrow(/tolerance/);
    const future = header(nowS + 3600);
    expect(verify(future)).toEqual({ ok: true });
    await expect(sdk.constructEvent(BODY, future, SECRET)).resolves.toBeTruthy();
    expect(verify(header(nowS - 29 * 60)).ok).toBe(true);
  });

  it("names a missing or malformed header without throwing", () => {
    const now = Date.now();
    expect(verify(null)).toEqual({ ok: false, message: "elevenlabs-signature is missing" });
    const shape = { ok: false, message: "elevenlabs-signature is not in the form t=<timestamp>,v0=<hex signature>" };
    expect(verify("v0=abc")).toEqual(shape);
    expect(verify(`t=${Math.floor(now / 1000)}`)).toEqual(shape);
    expect(verify("garbage")).toEqual(shape);
    expect(verify("t=soon,v0=abc")).toEqual({ ok: false, message: "the elevenlabs-signature timestamp is not a number of seconds" });
    expect(verify(`t=${Math.floor(now / 1000)},v0=not-hex`)).toEqual({ ok: false, message: "the signature does not match the body" });
  });

  it("accepts the header in any case and with spaces after the commas", () => {
    const t = Math.floor(Date.now() / 1000);
    const value = header(t).replace(",", ", ");
    expect(verifyElevenLabs(new Headers({ "ElevenLabs-Signature": value }), Buffer.from(BODY), SECRET, Date.now())).toEqual({ ok: true });
  });

  it("property: any body signed with the secret verifies, and any one-byte change does not", () => {
    const now = Date.UTC(2026, 10, 24, 9);
    const t = Math.floor(now / 1000);
    assertOneByteChangesFail((body) => {
      const headers = new Headers({ "elevenlabs-signature": `t=${t},v0=${hmacSha256(SECRET, `${t}.`, body).toString("hex")}` });
      return (candidate) => verifyElevenLabs(headers, candidate, SECRET, now).ok;
    });
  });
});

describe("ElevenLabs parse", () => {
  it("maps a phone conversation: numbers from metadata.phone_call, seconds → ms, tool-only turns dropped", () => {
    const event = parseElevenLabs(fixture("elevenlabs-post-call-transcription-phone.json"));
    expect(event).toMatchObject({ kind: "call", final: true });
    const call = callOf(event);
    expect(call).toMatchObject({
      externalId: "conv_2201k81t5m3e9p4bq7sxd0j6wvha",
      agentId: "agent_7101k2x9q8v5f3nmd6c0w4yht2rz",
      direction: "outbound",
      agentNumber: "+61280001111",
      callerNumber: "+61400111222",
      status: "completed",
      startedAt: new Date(1761033590_000).toISOString(),
      endedAt: new Date(1761033621_000).toISOString(),
      contactName: "Sam Patel",
      summary: "The patient moved tomorrow's appointment from 9 to 11.",
      recordingUrl: null,
    });
    expect(call.transcript).toEqual([
      { role: "agent", text: "Hello, this is a reminder from Northside Clinic about your appointment tomorrow at 9.", start_ms: 0, end_ms: null },
      { role: "caller", text: "Oh right, thanks. Can I move it to 11?", start_ms: 6000, end_ms: null },
      { role: "agent", text: "Done, you're booked for 11 tomorrow.", start_ms: 11000, end_ms: null },
    ]);
    expect(call.analysis).toMatchObject({ call_successful: "success", call_summary_title: "Appointment moved to 11" });
  });

  it("maps the docs' example (no phone_call) as an inbound call without numbers", () => {
    const call = callOf(parseElevenLabs(fixture("elevenlabs-post-call-transcription.json")));
    expect(call).toMatchObject({ externalId: "abc", agentId: "xyz", direction: "inbound", agentNumber: null, callerNumber: null, contactName: null });
    expect(call.endedAt).toBe(new Date((1739537297 + 22) * 1000).toISOString());
    expect(call.transcript.map((t) => t.start_ms)).toEqual([0, 2000, 9000]);
  });

  it("accepts a data collection result without a value", () => {
    const body = fixture("elevenlabs-post-call-transcription-phone.json");
    const results = at(body, "data.analysis.data_collection_results");
    delete results.patient_name;
    delete (results.customer_name as Record<string, unknown>).value;
    expect(callOf(parseElevenLabs(body)).contactName).toBeNull();
  });

  it("ignores the audio event and other types", () => {
    expect(parseElevenLabs(fixture("elevenlabs-post-call-audio.json"))).toEqual({ kind: "ignored", type: "post_call_audio" });
    expect(parseElevenLabs({ type: "call_initiation_failure", data: {} })).toEqual({ kind: "ignored", type: "call_initiation_failure" });
  });

  it.each([
    ["answered", "done", "completed"],
    ["voicemail", "done", "completed"],
    ["no_answer", "done", "no-answer"],
    ["busy", "done", "busy"],
    ["failed", "done", "failed"],
    [undefined, "failed", "failed"],
    [undefined, "done", "completed"],
  ] as const)("maps call_result %s (status %s) to %s", (result, status, expected) => {
    expect(elevenLabsStatus(result, status)).toBe(expected);
  });

  it("takes the time from event_timestamp when the metadata has none, and survives an excluded transcript", () => {
    const body = fixture("elevenlabs-post-call-transcription.json");
    delete at(body, "data").metadata;
    delete at(body, "data").transcript;
    const call = callOf(parseElevenLabs(body));
    expect(call.startedAt).toBe(new Date(1739537297_000).toISOString());
    expect(call.transcript).toEqual([]);
  });

  it("answers a body that is not ElevenLabs' shape with a 400 naming its field paths", () => {
    expect(badRequestFields(() => parseElevenLabs(null))).toEqual(["(body)"]);
    expect(badRequestFields(() => parseElevenLabs({ data: {} }))).toEqual(["type"]);
    expect(badRequestFields(() => parseElevenLabs({ type: "post_call_transcription" }))).toEqual(["data"]);
    const body = fixture("elevenlabs-post-call-transcription-phone.json");
    delete at(body, "data").conversation_id;
    at(body, "data.metadata").start_time_unix_secs = "1761033590";
    at(body, "data").transcript = [{ role: 1 }];
    expect(badRequestFields(() => parseElevenLabs(body)).sort()).toEqual([
      "data.conversation_id",
      "data.metadata.start_time_unix_secs",
      "data.transcript[0].role",
    ]);
  });
});
