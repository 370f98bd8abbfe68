import { z } from "zod";

/**
 * Custom headers on a webhook action (an `Authorization: Bearer …` a receiver such as Zapier, Make or
 * an internal gateway expects). Pure, so the settings form checks exactly what the server checks.
 * Values are secrets: stored encrypted, shown masked, never logged nor kept with delivery attempts.
 */
export const MAX_WEBHOOK_HEADERS = 5;
export const MAX_HEADER_VALUE_LENGTH = 2048;

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible ASCII, spaces and tabs: no line breaks (header injection) and nothing a client would re-encode. */
const VALUE = /^[\t\x20-\x7e]*$/;

/** Ours (the signature, the body's type, who we are), the transport's, and hop-by-hop ones. */
const RESERVED = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "user-agent",
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "expect",
]);

export function headerNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (!name) return "Enter a header name, such as Authorization.";
  if (name.length > 64) return "Use a header name of at most 64 characters.";
  if (!TOKEN.test(name)) return `"${name}" is not a valid header name: use letters, digits and - (no spaces or colons).`;
  const lower = name.toLowerCase();
  if (lower.startsWith("webhook-")) return `${name} is set by Aftercall (the Standard Webhooks signature headers) and cannot be replaced.`;
  if (lower.startsWith("proxy-")) return `${name} is a hop-by-hop header for proxies and cannot be sent to an endpoint.`;
  if (RESERVED.has(lower)) return `${name} is set by Aftercall or the connection itself and cannot be replaced.`;
  return null;
}

export function headerValueProblem(name: string, value: string): string | null {
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `Use a value of at most ${MAX_HEADER_VALUE_LENGTH.toLocaleString("en")} characters for ${name}.`;
  if (!VALUE.test(value)) return `The value of ${name} may only hold printable ASCII characters, on one line.`;
  if (!value.trim()) return `Enter a value for ${name}.`;
  return null;
}

/**
 * One header as the API and the form send it. `value` left out (or empty) keeps the value saved for
 * the header of that name on the same action; `masked` is what GET shows and is ignored on input.
 */
export const headerInputSchema = z.object({
  name: z.string({ message: "Enter a header name." }).max(256),
  value: z.string().max(8192).nullish(),
  masked: z.string().max(64).optional(),
});
export type HeaderInput = z.output<typeof headerInputSchema>;

export const headersSchema = z
  .array(headerInputSchema)
  .max(MAX_WEBHOOK_HEADERS, `Use at most ${MAX_WEBHOOK_HEADERS} custom headers.`)
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    headers.forEach((h, i) => {
      const nameProblem = headerNameProblem(h.name);
      if (nameProblem) {
        ctx.addIssue({ code: "custom", path: [i, "name"], message: nameProblem });
        return;
      }
      const lower = h.name.trim().toLowerCase();
      if (seen.has(lower)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `${h.name.trim()} is listed twice; keep one.` });
      seen.add(lower);
      if (h.value) {
        const valueProblem = headerValueProblem(h.name.trim(), h.value);
        if (valueProblem) ctx.addIssue({ code: "custom", path: [i, "value"], message: valueProblem });
      }
    });
  })
  .transform((headers) =>
    headers.map((h) => ({ name: h.name.trim(), ...(h.value ? { value: h.value.trim() } : {}), ...(h.masked ? { masked: h.masked } : {}) })),
  );

/** What a saved value shows: never the value, at most its last 4 characters when it is long enough to spare them. */
export function maskHeaderValue(value: string): string {
  return value.length >= 16 ? `••••••••${value.slice(-4)}` : "••••••••";
}
