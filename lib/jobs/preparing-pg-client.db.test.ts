import { afterEach, describe, expect, it } from "vitest";
import { databaseUrl } from "@/db";
import { MAX_PREPARED_PER_CONNECTION, PreparingClient, preparedNameFor } from "./preparing-pg-client";

describe("preparedNameFor", () => {
  it("names one query or DML statement by its text, and nothing else", () => {
    const fetch = "WITH next AS (SELECT id FROM pgboss.job WHERE name = 'delivery' LIMIT 1) UPDATE pgboss.job SET state = 'active' FROM next";
    expect(preparedNameFor(fetch)).toMatch(/^pgb_[0-9a-f]{24}$/);
    expect(preparedNameFor(fetch)).toBe(preparedNameFor(fetch));
    expect(preparedNameFor(`${fetch};`)).not.toBe(preparedNameFor(fetch)); // its own text, its own name
    expect(preparedNameFor("select 2")).not.toBe(preparedNameFor("select 1"));
    expect(preparedNameFor("  insert into t values ($1)  ")).not.toBeNull();
    // A script (pg-boss's locked maintenance) and statements that are not queries stay unnamed.
    expect(preparedNameFor("BEGIN; SELECT pg_advisory_xact_lock(1); COMMIT;")).toBeNull();
    expect(preparedNameFor("select 1; select 2")).toBeNull();
    expect(preparedNameFor("SET LOCAL lock_timeout = 1000")).toBeNull();
    expect(preparedNameFor("LISTEN pgboss")).toBeNull();
  });
});

describe("PreparingClient", () => {
  let client: PreparingClient | undefined;
  afterEach(async () => {
    await client?.end();
    client = undefined;
  });

  async function connect() {
    client = new PreparingClient({ connectionString: databaseUrl() });
    await client.connect();
    return client;
  }

  /** The statements this session has prepared, as PostgreSQL sees them. */
  async function preparedOnServer(c: PreparingClient) {
    const { rows } = await c.query<{ name: string; statement: string }>("select name, statement from pg_prepared_statements where name like 'pgb_%'");
    return rows;
  }

  it("prepares a statement once per connection and reuses it, with the same answers as pg gives unnamed", async () => {
    const c = await connect();
    const text = "select $1::int + 1 as n, now() as at, '{\"a\": 1}'::jsonb as doc, 42::bigint as big";
    const first = await c.query(text, [1]);
    const second = await c.query(text, [41]);
    expect(first.rows[0]).toMatchObject({ n: 2, doc: { a: 1 }, big: "42" });
    expect(second.rows[0]!.n).toBe(42);
    expect(second.rows[0]!.at).toBeInstanceOf(Date);
    const onServer = await preparedOnServer(c);
    expect(onServer.filter((s) => s.statement === text).map((s) => s.name)).toEqual([preparedNameFor(text)]);
    // Callback style, as pg-pool's pool.query calls it.
    const viaCallback = await new Promise<number>((resolve, reject) =>
      c.query(text, [9], (error: Error | null, result: { rows: { n: number }[] }) => (error ? reject(error) : resolve(result.rows[0]!.n))),
    );
    expect(viaCallback).toBe(10);
    // A statement without values (pg-boss's fetch has none) is prepared too.
    await c.query("select 7 as seven");
    expect((await preparedOnServer(c)).map((s) => s.statement)).toContain("select 7 as seven");
  });

  it("runs a script through the simple protocol, unprepared", async () => {
    const c = await connect();
    await c.query("BEGIN; SELECT pg_advisory_xact_lock(4242); COMMIT;");
    expect(c.prepared.size).toBe(0);
    expect((await preparedOnServer(c)).some((s) => s.statement.includes("pg_advisory_xact_lock"))).toBe(false);
  });

  it(`prepares at most ${MAX_PREPARED_PER_CONNECTION} distinct statements on one connection; the rest run unnamed`, async () => {
    const c = await connect();
    const total = MAX_PREPARED_PER_CONNECTION + 25;
    for (let i = 0; i < total; i++) expect((await c.query(`select ${i}::int as i`)).rows[0]!.i).toBe(i);
    expect(c.prepared.size).toBe(MAX_PREPARED_PER_CONNECTION);
    // (The check's own query is past the limit too, so it runs unnamed.)
    expect((await preparedOnServer(c)).length).toBe(MAX_PREPARED_PER_CONNECTION);
    // One it has prepared is still used by name.
    expect((await c.query("select 0::int as i")).rows[0]!.i).toBe(0);
  });
});
