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

  it("a table changed under a cached plan (a migration while the worker runs): the statement runs again unprepared, and so does what follows", async () => {
    const c = await connect();
    const table = `stale_plan_${Date.now().toString(36)}`;
    await c.query(`create temporary table ${table} (id int)`);
    await c.query(`insert into ${table} values ($1)`, [1]);
    const select = `select * from ${table} where id = $1`;
    expect((await c.query(select, [1])).rows).toEqual([{ id: 1 }]);
    await c.query(`alter table ${table} add column note text`);
    // The cached plan no longer fits: PostgreSQL refuses it ("cached plan must not change result type").
    expect((await c.query(select, [1])).rows).toEqual([{ id: 1, note: null }]);
    expect(c.unprepared).toBe(true);
    const countBefore = c.prepared.size;
    expect((await c.query("select 'after' as then")).rows).toEqual([{ then: "after" }]);
    expect(c.prepared.size).toBe(countBefore);
    // Through the callback form too (pg-pool's).
    const viaCallback = await new Promise<unknown[]>((resolve, reject) =>
      c.query(select, [1], (error: Error | null, result: { rows: unknown[] }) => (error ? reject(error) : resolve(result.rows))),
    );
    expect(viaCallback).toEqual([{ id: 1, note: null }]);
  });

  it("passes a statement's own error through, callback and promise alike", async () => {
    const c = await connect();
    await expect(c.query("select $1::int as n", ["not a number"])).rejects.toThrow(/invalid input syntax/);
    const viaCallback = await new Promise<string>((resolve) => c.query("select $1::int as n", ["x"], (error: Error | null) => resolve(String(error?.message))));
    expect(viaCallback).toMatch(/invalid input syntax/);
    expect(c.unprepared).toBe(false);
    expect((await c.query("select $1::int as n", [5])).rows[0]!.n).toBe(5);
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
