import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { callEndedDataSchema, envelopeSchema, KNOWN_EVENT_TYPES, type CallEndedData } from "./event-schema";

/** Raw bytes → a valid call.ended `data`, or a problem: 400 (not JSON / bad fields) or 422 (unknown type). */
export function parseCallEvent(raw: Buffer): CallEndedData {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    throw AppError.badRequest("The body is not valid JSON.", [{ field: "(body)", message: "is not valid JSON" }]);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw AppError.badRequest("The event is not valid.", fieldErrorsFromZod(envelope.error.issues));
  const { type, data } = envelope.data;
  if (!(KNOWN_EVENT_TYPES as readonly string[]).includes(type)) {
    throw AppError.unprocessable(`Unknown event type "${type.slice(0, 60)}". Aftercall accepts: ${KNOWN_EVENT_TYPES.join(", ")}.`, [
      { field: "type", message: `must be one of ${KNOWN_EVENT_TYPES.join(", ")}` },
    ]);
  }
  const parsed = callEndedDataSchema.safeParse(data);
  if (!parsed.success) {
    throw AppError.badRequest(
      "The event is not valid.",
      fieldErrorsFromZod(parsed.error.issues.map((i) => ({ ...i, path: ["data", ...i.path] }))),
    );
  }
  return parsed.data;
}
