import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { callEndedDataSchema } from "@/lib/ingest/event-schema";
import { simulatedEvent } from "./simulated-event";

describe("simulator events", () => {
  const secret = process.env.TELEPHONY_WEBHOOK_SECRET!;

  it("are signed so that the official standardwebhooks package verifies them", () => {
    const e = simulatedEvent({ to: "+61290000000", index: 0, seed: 1, secret });
    const verified = new Webhook(secret).verify(e.body, e.headers) as { type: string };
    expect(verified.type).toBe("call.ended");
    expect(() => new Webhook(`whsec_${Buffer.alloc(24, 1).toString("base64")}`).verify(e.body, e.headers)).toThrow();
  });

  it("are valid call.ended events, recent, and differ from call to call and run to run", () => {
    const now = new Date();
    const events = Array.from({ length: 20 }, (_, i) => simulatedEvent({ to: "+61290000000", index: i, seed: 7, secret, now }));
    const data = events.map((e) => callEndedDataSchema.parse((JSON.parse(e.body) as { data: unknown }).data));
    expect(new Set(data.map((d) => d.call_id)).size).toBe(20);
    expect(new Set(events.map((e) => e.id)).size).toBe(20);
    expect(new Set(data.map((d) => d.status)).size).toBeGreaterThan(1);
    for (const d of data) expect(now.getTime() - Date.parse(d.ended_at)).toBeLessThan(60_000);
    const otherRun = simulatedEvent({ to: "+61290000000", index: 0, seed: 8, secret, now });
    expect(JSON.parse(otherRun.body).data.call_id).not.toBe(data[0]!.call_id);
  });
});
