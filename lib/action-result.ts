import { ZodError } from "zod";
import { AppError, fieldErrorsFromZod, isUnstorableText, UNSTORABLE_TEXT_MESSAGE, type FieldError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/** What every server action returns: data, or a message (and field errors for forms). */
export type ActionResult<T = void> = { ok: true; data: T } | { ok: false; error: string; fields?: FieldError[] };

const log = logger("action");

/**
 * Runs a server action body and turns failures into an ActionResult, so the client shows a precise
 * message (a toast or inline errors) and never a raw error.
 */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message, fields: error.fields };
    if (error instanceof ZodError) {
      return { ok: false, error: "Some fields need attention.", fields: fieldErrorsFromZod(error.issues) };
    }
    // next/navigation's redirect() and notFound() work by throwing: let them through.
    if (error && typeof error === "object" && "digest" in error && typeof (error as { digest: unknown }).digest === "string") {
      throw error;
    }
    if (isUnstorableText(error)) return { ok: false, error: UNSTORABLE_TEXT_MESSAGE };
    log.error({ err: error }, "server action failed");
    return { ok: false, error: "Something went wrong. Please try again." };
  }
}
