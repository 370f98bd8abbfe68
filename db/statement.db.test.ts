import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { runInQueryScope } from "./query-scope";
import { ReusableStatement } from "./statement";

type Values = { a: number; b: string | null };

describe("a reusable statement", () => {
  it("is built once and runs with each run's values, prepared on the app's pool and noted in the query scope", async () => {
    let builds = 0;
    const statement = new ReusableStatement<Values>((v) => {
      builds++;
      // A value used twice is bound twice; a fixed value (7) is part of the statement.
      return sql`select ${v("a")}::int + ${7}::int as sum, ${v("b")}::text as b, ${v("a")}::int as a`;
    });
    expect(await statement.run(db, { a: 1, b: "x" })).toEqual([{ sum: 8, b: "x", a: 1 }]);
    expect(await statement.run(db, { a: 2, b: null })).toEqual([{ sum: 9, b: null, a: 2 }]);
    expect(builds).toBe(1);
    const scope = runInQueryScope(() => statement.run(db, { a: 3, b: "y" }));
    await scope.done;
    expect(scope.queries).toHaveLength(1);
  });

  it("refuses a run missing a value rather than sending it", async () => {
    const statement = new ReusableStatement<Values>((v) => sql`select ${v("a")}::int as a, ${v("b")}::text as b`);
    await expect(statement.run(db, { a: 1 } as Values)).rejects.toThrow(/no value for "b"/);
  });

  it("runs through Drizzle on anything but the app's pool (a transaction), built for that run", async () => {
    let builds = 0;
    const statement = new ReusableStatement<Values>((v) => {
      builds++;
      return sql`select ${v("a")}::int as a, ${v("b")}::text as b`;
    });
    const rows = await db.transaction((tx) => statement.run(tx as unknown as typeof db, { a: 5, b: "t" }));
    expect(rows).toEqual([{ a: 5, b: "t" }]);
    expect(builds).toBe(1);
  });

  it("is built again after a build that failed", async () => {
    let builds = 0;
    const statement = new ReusableStatement<Values>(async (v) => {
      if (++builds === 1) throw new Error("the database was away");
      return sql`select ${v("a")}::int as a`;
    });
    await expect(statement.run(db, { a: 1, b: null })).rejects.toThrow("the database was away");
    expect(await statement.run(db, { a: 1, b: null })).toEqual([{ a: 1 }]);
  });
});
