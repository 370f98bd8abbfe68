import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { API_RATE_LIMIT } from "@/lib/api/auth";
import { TEST_SEND_LIMIT } from "@/lib/delivery/test-send-limit";
import { INGEST_RATE_LIMIT } from "@/lib/ingest/accept-call";

/** SECURITY.md's rate-limit table states the limits the code enforces; this fails when one changes alone. */
it("SECURITY.md describes the rate limits as they are in code", () => {
  const doc = readFileSync(path.join(process.cwd(), "SECURITY.md"), "utf8");
  const row = (what: string) => doc.split("\n").find((l) => l.startsWith(`| ${what}`)) ?? "";
  const per = (l: { limit: number; windowSeconds: number }) =>
    l.windowSeconds === 60 ? `${l.limit.toLocaleString("en")} per minute` : `${l.limit} per ${l.windowSeconds / 60} min`;
  // The sign-in limits (lib/auth.ts) are left out: that module loads next-auth, which needs Next's runtime.
  expect(row("Test sends")).toContain(per(TEST_SEND_LIMIT));
  expect(row("Public API")).toContain(per(API_RATE_LIMIT));
  expect(row("Call events")).toContain(`${per(INGEST_RATE_LIMIT)} per web process`);
});
