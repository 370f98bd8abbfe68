import { z } from "zod";
import { callStatusEnum } from "@/db/schema";

/**
 * The call-end event of docs/architecture.md §2. Validation happens in two steps so each failure gets the answer
 * the contract asks for: an envelope that is not an object with a string `type` is a 400, a `type`
 * we do not know is a 422, and a `call.ended` whose `data` is wrong is a 400 naming every bad field.
 */
export const KNOWN_EVENT_TYPES = ["call.ended"] as const;

const E164_MESSAGE = "must be an E.164 number like +61412345678";
export const e164Schema = z.string().regex(/^\+[1-9]\d{6,14}$/, E164_MESSAGE);

const timestamp = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time like 2026-11-24T09:00:00Z" });

const offsetMs = z
  .number({ message: "must be a number of milliseconds" })
  .int("must be a whole number of milliseconds")
  .min(0, "must not be negative");

export const transcriptEntrySchema = z
  .object({
    role: z.enum(["agent", "caller"], { message: 'must be "agent" or "caller"' }),
    text: z.string({ message: "must be a string" }).max(20_000, "must be at most 20,000 characters"),
    start_ms: offsetMs,
    end_ms: offsetMs,
  })
  .refine((e) => !(typeof e.end_ms === "number" && typeof e.start_ms === "number" && e.end_ms < e.start_ms), {
    message: "must not be before start_ms",
    path: ["end_ms"],
    when: (payload) => typeof payload.value === "object" && payload.value !== null,
  });

export const envelopeSchema = z.object(
  { type: z.string({ message: "must be a string such as call.ended" }).min(1, "must not be empty"), data: z.unknown() },
  { message: "the body must be a JSON object" },
);

export const callEndedDataSchema = z
  .object(
    {
      call_id: z.string({ message: "is required" }).trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
      to: e164Schema,
      from: z.union([z.literal("anonymous"), e164Schema], { message: `${E164_MESSAGE}, or "anonymous"` }),
      direction: z.enum(["inbound", "outbound"], { message: 'must be "inbound" or "outbound"' }),
      status: z.enum(callStatusEnum.enumValues, { message: `must be one of ${callStatusEnum.enumValues.join(", ")}` }),
      started_at: timestamp,
      ended_at: timestamp,
      contact_name: z.string().trim().max(200, "must be at most 200 characters").nullish(),
      summary: z.string().max(20_000, "must be at most 20,000 characters").nullish(),
      transcript: z.array(transcriptEntrySchema, { message: "must be an array of entries" }).max(5_000).nullish(),
      recording_url: z
        .url({ protocol: /^https$/, message: "must be an https:// URL" })
        .max(2_000, "must be at most 2,000 characters")
        .nullish(),
    },
    { message: "must be an object" },
  )
  .superRefine(crossFieldChecks, {
    // Run even when single fields already failed, so one answer names every problem (the value may
    // then be partly invalid, hence the defensive reads).
    when: (payload) => typeof payload.value === "object" && payload.value !== null,
  });

function crossFieldChecks(d: Record<string, unknown>, ctx: z.RefinementCtx) {
  const started = typeof d.started_at === "string" ? Date.parse(d.started_at) : NaN;
  const ended = typeof d.ended_at === "string" ? Date.parse(d.ended_at) : NaN;
  if (ended < started) ctx.addIssue({ code: "custom", path: ["ended_at"], message: "must not be before started_at" });
  if (d.direction === "outbound" && d.from === "anonymous") {
    ctx.addIssue({ code: "custom", path: ["from"], message: "must be the agent's E.164 number on outbound calls" });
  }
  const t = Array.isArray(d.transcript) ? (d.transcript as { start_ms?: unknown }[]) : [];
  for (let i = 1; i < t.length; i++) {
    const [prev, cur] = [t[i - 1]?.start_ms, t[i]?.start_ms];
    if (typeof prev === "number" && typeof cur === "number" && cur < prev) {
      ctx.addIssue({ code: "custom", path: ["transcript", i, "start_ms"], message: "entries must be in time order" });
    }
  }
}

export type CallEndedData = z.infer<typeof callEndedDataSchema>;

/** The platform-neutral input of the ingest pipeline (the Twilio adapter maps onto it too). */
export type CallEndedInput = {
  eventId: string;
  data: CallEndedData;
};
