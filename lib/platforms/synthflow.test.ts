import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at, badRequestFields, callOf, fixture } from "@/tests/fixtures/platforms/load";
import { signBody, signedSampleEvent } from "./samples";
import { hmacSha256 } from "./shared";
import { parseSynthflow, synthflowStatus, verifySynthflow } from "./synthflow";

const SECRET = "3q2+7wAAAAC6u7y9vr/AwcLDxMXGx8jJysvMzc7P0NE=";
const BODY = JSON.stringify(fixture("synthflow-post-call.json"));
const CALL_ID = "1711646262471x768387119913843100";
const SIGNATURE = hmacSha256(SECRET, CALL_ID).toString("base64");

const verify = (headers: Record<string, string>, body: string = BODY) => verifySynthflow(new Headers(headers), Buffer.from(body), SECRET);

describe("Synthflow verify", () => {
  it("accepts base64 HMAC of call.call_id in either documented header spelling", () => {
    expect(verify({ "synthflow-signature": SIGNATURE })).toEqual({ ok: true });
    expect(verify({ http_synthflow_signature: SIGNATURE })).toEqual({ ok: true });
    expect(verify(signBody("synthflow", BODY, SECRET, 0))).toEqual({ ok: true });
  });

  it("covers only the call id: another id fails, while the rest of the body is not covered (as Synthflow documents)", () => {
    const otherId = BODY.replace(CALL_ID, "1711646262471x768387119913843101");
    expect(verify({ "synthflow-signature": SIGNATURE }, otherId)).toEqual({ ok: false, message: "the signature does not match the body's call.call_id" });
    expect(verify({ "synthflow-signature": SIGNATURE }, BODY.replace("David", "Mallory"))).toEqual({ ok: true });
  });

  it("fails verification, with a reason, when the call id cannot be read", () => {
    const missing = { ok: false, message: "call.call_id is missing from the body, and Synthflow's signature covers only it" };
    expect(verify({ "synthflow-signature": SIGNATURE }, "not json")).toEqual(missing);
    expect(verify({ "synthflow-signature": SIGNATURE }, '{"call":{}}')).toEqual(missing);
    expect(verify({ "synthflow-signature": SIGNATURE }, '{"call":{"call_id":42}}')).toEqual(missing);
    expect(verify({ "synthflow-signature": SIGNATURE }, "null")).toEqual(missing);
    expect(verify({ "synthflow-signature": SIGNATURE }, `{"call_id":"${CALL_ID}"}`)).toEqual(missing);
  });

  it("names a missing header and refuses garbage or another secret without throwing", () => {
    expect(verify({})).toEqual({ ok: false, message: "synthflow-signature is missing" });
    for (const garbage of ["!!!", SIGNATURE.slice(4), hmacSha256(SECRET, CALL_ID).toString("hex"), hmacSha256("other", CALL_ID).toString("base64")]) {
      expect(verify({ "synthflow-signature": garbage }).ok).toBe(false);
    }
  });

  it("property: any call id signed with the secret verifies, and any other id does not", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.string({ minLength: 1, maxLength: 80 }), (id, other) => {
        const body = JSON.stringify({ call: { call_id: id } });
        const headers = signBody("synthflow", body, SECRET, 0);
        expect(verify(headers, body).ok).toBe(true);
        if (other !== id) expect(verify(headers, JSON.stringify({ call: { call_id: other } })).ok).toBe(false);
      }),
    );
  });
});

describe("Synthflow parse", () => {
  it("maps the documented post-call body: one transcript string split into turns without times", () => {
    const event = parseSynthflow(fixture("synthflow-post-call.json"));
    expect(event).toMatchObject({ kind: "call", final: true });
    const call = callOf(event);
    expect(call).toMatchObject({
      externalId: CALL_ID,
      agentId: "1711241656808x745681686585854500",
      direction: "inbound",
      agentNumber: null,
      callerNumber: "+1234334546",
      status: "completed",
      startedAt: "2024-03-28T17:17:46.205Z",
      endedAt: "2024-03-28T17:18:18.205Z",
      contactName: "David",
      summary: null,
      recordingUrl: null,
    });
    expect(call.transcript.map((t) => [t.role, t.text.slice(0, 20), t.start_ms, t.end_ms])).toEqual([
      ["agent", "Hello, I am calling ", null, null],
      ["caller", "Yes. I want to buy a", null, null],
      ["agent", "Oh, that's exciting!", null, null],
      ["caller", "I want to buy a car ", null, null],
    ]);
    expect(call.analysis).toEqual({ executed_actions: fixture("synthflow-post-call.json").executed_actions });
  });

  it("keeps the newer analysis and collected variables, and takes the name from them when the lead has none", () => {
    const call = callOf(parseSynthflow(fixture("synthflow-post-call-analysis.json")));
    expect(call).toMatchObject({ status: "no-answer", contactName: "Lena Vogel", transcript: [], recordingUrl: null, summary: null });
    expect(call.startedAt).toBe(call.endedAt);
    expect(Object.keys(call.analysis ?? {})).toEqual(["analysis", "collected_variables", "executed_actions"]);
  });

  it.each([
    ["completed", "completed"],
    ["no-answer", "no-answer"],
    ["no_answer", "no-answer"],
    ["busy", "busy"],
    ["failed", "failed"],
    ["hangup_on_voicemail", "completed"],
    ["left_voicemail", "completed"],
    ["cancelled", "canceled"],
    [null, "completed"],
  ] as const)("maps call.status %s to %s", (status, expected) => {
    expect(synthflowStatus(status)).toBe(expected);
  });

  it("keeps a transcript line without a label with the turn before it", () => {
    const body = fixture("synthflow-post-call.json");
    at(body, "call").transcript = "bot: Hello.\nSecond line.\nhuman: Hi.";
    expect(callOf(parseSynthflow(body)).transcript.map((t) => t.text)).toEqual(["Hello.\nSecond line.", "Hi."]);
  });

  it("answers a body that is not Synthflow's shape with a 400 naming its fields", () => {
    expect(badRequestFields(() => parseSynthflow("x"))).toEqual(["(body)"]);
    expect(badRequestFields(() => parseSynthflow({ status: "completed" }))).toEqual(["call"]);
    const body = fixture("synthflow-post-call.json");
    at(body, "call").call_id = "";
    at(body, "call").duration = { s: 1 };
    body.lead = "David";
    expect(badRequestFields(() => parseSynthflow(body)).sort()).toEqual(["call.call_id", "call.duration", "lead"]);
  });

  it("maps the sample, whose signature covers its call id", () => {
    const sample = signedSampleEvent("synthflow", { secret: SECRET, externalId: "sf-1" });
    expect(verify(sample.headers, sample.body)).toEqual({ ok: true });
    expect(callOf(parseSynthflow(JSON.parse(sample.body)))).toMatchObject({ externalId: "sf-1", callerNumber: "+61412345678", contactName: "Jane Citizen" });
  });
});
