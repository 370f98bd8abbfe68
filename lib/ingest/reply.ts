/**
 * An inbound route's JSON answer as data, before it is a Web `Response`. The Next.js routes turn it
 * into one (`toResponse`); the lean path (lib/server/inbound-http.ts) writes it straight to node:http.
 *
 * Why not a Response everywhere: `Response.json` builds a body stream and a Headers object, and the
 * lean path then had to read that stream back to write it — 7 % of the lean path's main-thread CPU
 * per event in a perf profile at 200 events/s (undici's `json` 6.3 % and web streams 1.9 %, inclusive).
 * Refusals (problem+json) stay Responses: they are rare, and lib/errors.ts builds them for every route.
 */
export class JsonReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** What the Next.js routes return: the Response `Response.json` would have made. */
export function toResponse(answer: Response | JsonReply): Response {
  return answer instanceof JsonReply ? Response.json(answer.body, { status: answer.status }) : answer;
}
