import { describe, expect, it } from "vitest";
import { assertOneByteChangesFail, at, badRequestFields, callOf, fixture } from "@/tests/fixtures/platforms/load";
import { blandStatus, parseBland, verifyBland } from "./bland";
import { signBody, signedSampleEvent } from "./samples";
import { hmacSha256 } from "./shared";

const SECRET = "bland_whsec_5e2c9a1f7d3b8e6c4a0f";
const BODY = JSON.stringify(fixture("bland-post-call.json"));

const verify = (signature: string | null, body: string | Buffer = BODY, secret = SECRET) =>
  verifyBland(new Headers(signature === null ? {} : { "x-webhook-signature": signature }), Buffer.from(body), secret);

describe("Bland verify", () => {
  it("accepts the hex HMAC of the exact body, in either hex case", () => {
    const signature = signBody("bland", BODY, SECRET, 0)["x-webhook-signature"]!;
    expect(verify(signature)).toEqual({ ok: true });
    expect(verify(signature.toUpperCase())).toEqual({ ok: true });
    expect(verifyBland(new Headers({ "X-Webhook-Signature": signature }), Buffer.from(BODY), SECRET)).toEqual({ ok: true });
  });

  it("accepts a body sent re-spaced when the signature is over its compact JSON (Bland's own sample signs JSON.stringify of the body)", () => {
    const compact = JSON.stringify(JSON.parse(BODY));
    const signature = signBody("bland", compact, SECRET, 0)["x-webhook-signature"]!;
    expect(verify(signature, JSON.stringify(JSON.parse(BODY), null, 2))).toEqual({ ok: true });
    // The content must still be what was signed.
    expect(verify(signature, JSON.stringify({ ...JSON.parse(BODY), summary: "changed" }, null, 2)).ok).toBe(false);
  });

  it("refuses another body, another secret, a re-spaced body signed as sent, and garbage", () => {
    const signature = signBody("bland", BODY, SECRET, 0)["x-webhook-signature"]!;
    const mismatch = { ok: false, message: "the signature does not match the body" };
    expect(verify(signature, BODY.replace("Maria", "Mario"))).toEqual(mismatch);
    expect(verify(signature, BODY, "other-secret")).toEqual(mismatch);
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    expect(verify(signBody("bland", pretty, SECRET, 0)["x-webhook-signature"]!, BODY)).toEqual(mismatch);
    for (const garbage of ["xyz", "sha256=" + signature, signature.slice(2), "ü"]) expect(verify(garbage)).toEqual(mismatch);
    expect(verify(null)).toEqual({ ok: false, message: "x-webhook-signature is missing" });
  });

  it("property: any body signed with the secret verifies, and any one-byte change does not", () => {
    assertOneByteChangesFail((body) => {
      const signature = hmacSha256(SECRET, body).toString("hex");
      return (candidate) => verify(signature, candidate).ok;
    });
  });
});

describe("Bland parse", () => {
  it("maps the post-call body: outbound (agent = from), created_at offsets, tool actions dropped", () => {
    const event = parseBland(fixture("bland-post-call.json"));
    expect(event).toMatchObject({ kind: "call", final: true });
    expect(callOf(event)).toEqual({
      externalId: "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
      agentId: null,
      direction: "outbound",
      agentNumber: "+15125550199",
      callerNumber: "+15125550142",
      status: "completed",
      startedAt: "2025-11-18T16:04:14.906Z",
      endedAt: "2025-11-18T16:05:31.906Z",
      timesKnown: true,
      contactName: "Maria Gomez",
      summary: "Maria confirmed she is still interested in a quote for solar panels and asked for a callback on Friday morning.",
      transcript: [
        { role: "agent", text: "Hi, is this Maria? This is Sam from Sunrise Solar.", start_ms: 800, end_ms: null },
        { role: "caller", text: "Yes, this is Maria.", start_ms: 5400, end_ms: null },
        { role: "agent", text: "You asked for a quote last week. Are you still interested?", start_ms: 8200, end_ms: null },
        { role: "caller", text: "I am. Could someone call me Friday morning?", start_ms: 13600, end_ms: null },
        { role: "agent", text: "Of course. We'll call you Friday morning. Have a great day!", start_ms: 19000, end_ms: null },
      ],
      recordingUrl: "https://server.aws.dc5.bland.ai/v1/recordings/9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
      analysis: {
        variables: {
          now: "Tuesday, November 18, 2025 10:04 AM",
          from: "+15125550199",
          to: "+15125550142",
          call_id: "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f",
          phone_number: "+15125550142",
          customer_name: "Maria Gomez",
        },
      },
    });
  });

  it("maps an inbound call: the agent's number is `to`", () => {
    const body = fixture("bland-post-call.json");
    body.inbound = true;
    expect(callOf(parseBland(body))).toMatchObject({ direction: "inbound", agentNumber: "+15125550142", callerNumber: "+15125550199" });
  });

  it("derives the end from call_length (minutes) or corrected_duration (seconds) when end_at is missing", () => {
    const body = fixture("bland-post-call.json");
    delete body.end_at;
    expect(callOf(parseBland(body)).endedAt).toBe("2025-11-18T16:05:31.906Z"); // corrected_duration "77"
    delete body.corrected_duration;
    body.call_length = 1.5;
    expect(callOf(parseBland(body)).endedAt).toBe("2025-11-18T16:05:44.906Z");
  });

  it("falls back to concatenated_transcript and keeps an analysis object", () => {
    const body = fixture("bland-post-call.json");
    delete body.transcripts;
    body.analysis = { interested: true };
    const call = callOf(parseBland(body));
    expect(call.transcript.map((t) => t.role)).toEqual(["agent", "caller", "agent", "caller", "agent"]);
    expect(call.transcript[1]).toEqual({ role: "caller", text: "Yes, this is Maria.", start_ms: null, end_ms: null });
    expect(call.analysis).toMatchObject({ analysis: { interested: true } });
  });

  it.each([
    [{ status: "completed" }, "completed"],
    [{ status: "no-answer" }, "no-answer"],
    [{ status: "no_answer" }, "no-answer"],
    [{ status: "completed", answered_by: "no-answer" }, "no-answer"],
    [{ status: "busy" }, "busy"],
    [{ status: "failed" }, "failed"],
    [{ status: "completed", completed: false, error_message: "Invalid phone number" }, "failed"],
    [{ status: "canceled" }, "canceled"],
    [{ status: "completed", answered_by: "voicemail" }, "completed"],
  ])("maps %o to %s", (fields, status) => {
    expect(blandStatus(fields)).toBe(status);
  });

  it("maps a body with only the call id, and accepts a numeric call id", () => {
    const call = callOf(parseBland({ call_id: 12345, end_at: "2025-11-18T16:05:31.906Z" }));
    expect(call).toMatchObject({ externalId: "12345", direction: "outbound", agentNumber: null, transcript: [], analysis: null, summary: null });
    expect(call.startedAt).toBe(call.endedAt);
  });

  it("answers a body that is not Bland's shape with a 400 naming Bland's fields", () => {
    expect(badRequestFields(() => parseBland([1]))).toEqual(["(body)"]);
    expect(badRequestFields(() => parseBland({ summary: "hi" }))).toEqual(["call_id"]);
    const body = fixture("bland-post-call.json");
    body.inbound = "yes";
    at(body, "transcripts").length = 0;
    body.transcripts = [{ text: 5 }];
    expect(badRequestFields(() => parseBland(body)).sort()).toEqual(["inbound", "transcripts[0].text"]);
  });

  it("maps the sample", () => {
    const sample = signedSampleEvent("bland", { secret: SECRET, externalId: "bland-1", agentNumber: "+61290009999" });
    expect(verify(sample.headers["x-webhook-signature"]!, sample.body)).toEqual({ ok: true });
    expect(callOf(parseBland(JSON.parse(sample.body)))).toMatchObject({ externalId: "bland-1", direction: "inbound", agentNumber: "+61290009999" });
  });
});
