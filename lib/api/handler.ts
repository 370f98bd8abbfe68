import { ZodError } from "zod";
import { AppError, fieldErrorsFromZod, isConnectionError, isUnstorableText, problem, problemFromError, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors";
import { MAX_EVENT_BYTES, readBodyLimited } from "@/lib/ingest/read-body";
import { logger } from "@/lib/logger";

const log = logger("api");

type Handler<C, R, A> = (request: R, context: C) => Promise<A>;

/**
 * Wraps a route handler so every failure is an RFC 9457 problem: AppError as itself, a zod error as
 * 400 naming each field, text Postgres cannot store (NUL) as 400, a lost database as 503 with retry-after, anything else as a logged 500.
 * A handler answers with a Response, or (the inbound routes) with another answer `A` its caller
 * turns into one (lib/ingest/reply.ts); failures are always Responses.
 */
export function apiRoute<C, R extends { url: string } = Request, A = Response>(handler: Handler<C, R, A>): Handler<C, R, A | Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof AppError) return problemFromError(error);
      if (error instanceof ZodError) {
        return problem(400, "The request is not valid.", { code: "validation_failed", fields: fieldErrorsFromZod(error.issues) });
      }
      if (isUnstorableText(error)) return problem(400, UNSTORABLE_TEXT_MESSAGE, { code: "bad_request" });
      if (isConnectionError(error)) {
        // Operators need to see the database going away; the client gets a clean 503 to retry.
        log.warn({ err: error, path: new URL(request.url).pathname }, "database unavailable; answered 503");
        return problem(503, "The database is unavailable. Retry shortly.", { code: "unavailable", headers: { "retry-after": "5" } });
      }
      log.error({ err: error, path: new URL(request.url).pathname }, "unhandled API error");
      return problem(500, "Something went wrong on our side.", { code: "internal" });
    }
  };
}

/**
 * Reads a JSON body or throws a 415/413/400 problem. The size limit is enforced as the body arrives
 * (the same reader as ingest), so an oversized or endless body is refused without being buffered.
 */
export async function readJson(request: Request, maxBytes = MAX_EVENT_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  const raw = await readBodyLimited(request, maxBytes);
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw AppError.badRequest("The body is not valid JSON.", [{ field: "(body)", message: "not valid JSON" }]);
  }
}
