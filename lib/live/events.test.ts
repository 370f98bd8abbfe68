import { describe, expect, it } from "vitest";
import { parseLiveNotification } from "./events";

describe("parseLiveNotification", () => {
  it("reads the trigger's payload (json_build_object's spacing included)", () => {
    expect(parseLiveNotification('{"a" : "acc_1", "k" : "delivery", "c" : "call_1", "d" : "dlv_1", "ch" : "sms"}')).toEqual({
      accountId: "acc_1",
      event: { kind: "delivery", callId: "call_1", deliveryId: "dlv_1", channel: "sms" },
    });
    expect(parseLiveNotification('{"a" : "acc_1", "k" : "call", "c" : "call_1"}')).toEqual({ accountId: "acc_1", event: { kind: "call", callId: "call_1" } });
    expect(parseLiveNotification('{"a" : "acc_1", "k" : "delivery", "c" : null, "d" : "dlv_2", "ch" : "webhook"}')?.event.callId).toBeNull();
  });

  it("drops anything else rather than guess an account", () => {
    for (const bad of ["", "not json", "{}", '{"k":"call","c":"call_1"}', '{"a":"acc_1","k":"other","c":null}', '{"a":"","k":"call","c":"x"}']) {
      expect(parseLiveNotification(bad)).toBeNull();
    }
  });
});
