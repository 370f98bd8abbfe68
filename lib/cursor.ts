/** Keyset-pagination cursors as opaque URL-safe strings. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<K extends string>(raw: string | null | undefined, keys: readonly K[]): Record<K, string> | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Record<string, unknown>;
    if (keys.every((k) => typeof parsed[k] === "string")) return parsed as Record<K, string>;
  } catch {
    // A mangled cursor is treated as the first page rather than an error.
  }
  return undefined;
}
