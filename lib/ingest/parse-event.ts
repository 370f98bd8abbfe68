import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { callEndedDataSchema, envelopeSchema, KNOWN_EVENT_TYPES, type CallEndedData } from "./event-schema";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Raw bytes → JSON, or a 400 naming the problem: invalid UTF-8, not JSON, or text PostgreSQL cannot
 * store. Shared by every inbound route (native events and voice platforms).
 */
export function decodeJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    // Fatal: invalid UTF-8 is refused, not silently stored as U+FFFD in a caller's name or transcript.
    text = UTF8.decode(raw);
  } catch {
    throw AppError.badRequest("The body is not valid UTF-8.", [{ field: "(body)", message: "is not valid UTF-8" }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw AppError.badRequest("The body is not valid JSON.", [{ field: "(body)", message: "is not valid JSON" }]);
  }
  const unstorable = MAY_BE_UNSTORABLE.test(text) ? findUnstorableText(json) : null;
  if (unstorable) {
    throw AppError.badRequest("The event contains text that cannot be stored.", [
      { field: unstorable, message: "must not contain a NUL character (\\u0000) or an unpaired surrogate" },
    ]);
  }
  return json;
}

/** Raw bytes → a valid call.ended `data`, or a problem: 400 (not JSON / bad fields) or 422 (unknown type). */
export function parseCallEvent(raw: Buffer): CallEndedData {
  const json = decodeJsonBody(raw);
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

/**
 * Text that decoded as strict UTF-8 and parsed as JSON can hold a NUL or a lone surrogate only through
 * a \u escape (raw control characters are not valid JSON, and UTF-8 cannot encode a surrogate): without
 * one, the walk below — which builds a path string for every value — is skipped. A false alarm (an
 * escaped backslash before "u0000") only costs the walk.
 */
const MAY_BE_UNSTORABLE = /\\u(0000|[dD][89a-fA-F])/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string) => s.includes("\u0000") || LONE_SURROGATE.test(s);

/**
 * The path of the first string (or key) PostgreSQL cannot store — a NUL, or a lone UTF-16 surrogate that
 * jsonb refuses — or null. JSON.parse accepts both as \u escapes, so they must be caught here. A loop,
 * not recursion: a deeply nested body must not exhaust the stack.
 */
function findUnstorableText(root: unknown): string | null {
  const stack: [unknown, string][] = [[root, ""]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === "string") {
      if (unstorable(value)) return path || "(body)";
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, `${path}[${i}]`]));
    } else if (value && typeof value === "object") {
      for (const [key, v] of Object.entries(value)) {
        const here = path ? `${path}.${key}` : key;
        if (unstorable(key)) return here;
        stack.push([v, here]);
      }
    }
  }
  return null;
}
