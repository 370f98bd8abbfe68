import { AppError } from "@/lib/errors";

/**
 * Keyset-pagination cursors, the one codec for every list (API and dashboard): the last row's sort
 * keys as an opaque URL-safe string. A cursor we did not make is a 400 naming `cursor`, never a
 * silent first page (a client paging through would start over and see rows twice).
 */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export const INVALID_CURSOR_MESSAGE = "The cursor is not valid; start again from the first page.";

/**
 * The keys of a cursor made by `encodeCursor`, or undefined when there is none. Throws a 400 AppError
 * when it is mangled, lacks a key, or a key in `dates` does not hold a timestamp.
 */
export function decodeCursor<K extends string>(
  raw: string | null | undefined,
  keys: readonly K[],
  opts: { dates?: readonly K[] } = {},
): Record<K, string> | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const value = parsed as Record<string, unknown> | undefined;
  const ok =
    typeof value === "object" &&
    value !== null &&
    keys.every((k) => typeof value[k] === "string") &&
    (opts.dates ?? []).every((k) => !Number.isNaN(Date.parse(value[k] as string)));
  if (!ok) throw AppError.badRequest(INVALID_CURSOR_MESSAGE, [{ field: "cursor", message: "use next_cursor from a previous page" }]);
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Record<K, string>;
}

/**
 * For a dashboard page's own links: a cursor someone edited by hand shows the first page rather than
 * an error page. APIs use `decodeCursor` and answer 400.
 */
export function decodeCursorOrFirstPage<K extends string>(raw: string | null | undefined, keys: readonly K[], opts: { dates?: readonly K[] } = {}) {
  try {
    return decodeCursor(raw, keys, opts);
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
}
