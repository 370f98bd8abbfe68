import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { sampleCallView } from "@/lib/messages/call-view";
import { buildWebhookPayload } from "@/lib/messages/webhook-payload";
import { callEndedJsonSchema } from "@/lib/messages/webhook-schema";
import { GUIDE_EXAMPLE } from "./example";

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(callEndedJsonSchema);

describe("call.ended JSON Schema", () => {
  it("accepts the integration guide's example, whose actions carry act_ ids", () => {
    expect(validate(GUIDE_EXAMPLE), JSON.stringify(validate.errors)).toBe(true);
    expect(GUIDE_EXAMPLE.data.actions.map((a) => a.id.slice(0, 4))).toEqual(["act_", "act_"]);
  });

  it("accepts a test send's payload, which links nowhere", () => {
    const test = buildWebhookPayload(sampleCallView("https://x.test", "UTC", { links: false }), [], { test: true });
    expect(test.data.call.recording_url).toBeNull();
    expect(validate(JSON.parse(JSON.stringify(test))), JSON.stringify(validate.errors)).toBe(true);
  });

  const view = sampleCallView("https://app.aftercall.dev");
  const payload = buildWebhookPayload(view, [{ id: "act_7kq2m9x4c1h8r3t5v0wy", channel: "sms", to: "+61412345678", status: "sent", credits: 10, error: null }]);

  it("accepts the payload we build", () => {
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify({ ...payload, test: true })))).toBe(true);
  });

  it("rejects payloads that drift from it", () => {
    expect(validate({ ...payload, data: { ...payload.data, call: { ...payload.data.call, status: "done" } } })).toBe(false);
    expect(validate({ ...payload, extra: 1 })).toBe(false);
    // Ids carry their prefixes: a call is call_…, an action act_… (dlv_… once its action is gone).
    expect(validate({ ...payload, data: { ...payload.data, call: { ...payload.data.call, id: "CA8f2c1d9e" } } })).toBe(false);
    const action = payload.data.actions[0]!;
    for (const [id, ok] of [["act_abc123", true], ["dlv_abc123", true], ["msg_abc123", false], ["1", false], ["act_", false]] as const) {
      expect([id, validate({ ...payload, data: { ...payload.data, actions: [{ ...action, id }] } })]).toEqual([id, ok]);
    }
    const { summary: _summary, ...withoutSummary } = payload.data.call;
    expect(validate({ ...payload, data: { ...payload.data, call: withoutSummary } })).toBe(false);
  });
});
