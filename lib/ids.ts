import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijkmnopqrstuvwxyz"; // no "l": it reads as 1

/** Prefixed random ids (`call_…`, `dlv_…`) so an id says what it is in logs and support tickets. */
export function newId(prefix: string, length = 20): string {
  return newIds(prefix, 1, length)[0]!;
}

/** `count` ids from one call into the CSPRNG (ingest takes a dozen per event; each call is a syscall). */
export function newIds(prefix: string, count: number, length = 20): string[] {
  const bytes = randomBytes(length * count);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    let out = "";
    for (let j = i * length; j < (i + 1) * length; j++) out += ALPHABET[bytes[j]! % ALPHABET.length];
    ids.push(`${prefix}_${out}`);
  }
  return ids;
}
