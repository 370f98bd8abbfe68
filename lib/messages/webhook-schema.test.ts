import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { sampleCallView } from "./call-view";
import { buildWebhookPayload } from "./webhook-payload";
import { callEndedJsonSchema } from "./webhook-schema";

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(callEndedJsonSchema);

describe("call.ended JSON Schema", () => {
  const view = sampleCallView("https://app.aftercall.dev");
  const payload = buildWebhookPayload(view, [{ id: "dlv_1", channel: "sms", to: "+61412345678", status: "sent", credits: 10, error: null }]);

  it("accepts the payload we build", () => {
    expect(validate(payload), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(JSON.stringify({ ...payload, test: true })))).toBe(true);
  });

  it("rejects payloads that drift from it", () => {
    expect(validate({ ...payload, data: { ...payload.data, call: { ...payload.data.call, status: "done" } } })).toBe(false);
    expect(validate({ ...payload, extra: 1 })).toBe(false);
    const { summary: _summary, ...withoutSummary } = payload.data.call;
    expect(validate({ ...payload, data: { ...payload.data, call: withoutSummary } })).toBe(false);
  });
});
