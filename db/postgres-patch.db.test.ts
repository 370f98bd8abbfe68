import postgres from "postgres";
import { afterAll, expect, it } from "vitest";

/**
 * The behaviour the install-time patch (patches/postgres+3.4.9.patch) fixes, against a real server.
 * Store deadlines (lib/ingest/store-deadline.ts) cancel queries that are still waiting for a connection;
 * unpatched, postgres.js left that connection stuck in its "connecting" state for good, so a pool of
 * one never ran another query (a pool of ten lost a connection per cancelled query during an outage).
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
afterAll(() => sql.end({ timeout: 1 }));

it("a query cancelled while its connection opens rejects as cancelled, and the pool still serves the next one", async () => {
  const first = sql`select 1 as x`;
  const outcome = first.then(
    () => "ran",
    (e: { code?: string }) => e.code,
  );
  first.cancel();
  expect(await outcome).toBe("57014");
  const next = await Promise.race([sql`select 2 as y`.then((r) => r[0]!.y), new Promise((r) => setTimeout(() => r("stuck"), 3_000))]);
  expect(next).toBe(2);
});
