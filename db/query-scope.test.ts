import { describe, expect, it } from "vitest";
import { isReadOnly, noteQuery, runInQueryScope } from "./query-scope";

describe("isReadOnly", () => {
  it.each([
    ['select "table_name" from "pgboss"."queue" where "name" = $1', true],
    ["  SELECT count(*) from calls", true],
    ["with account as (select 1), call as (insert into calls select 1 returning id) select * from call", false],
    ["select * from deliveries for update skip locked", false],
    ["select * from deliveries for no key update", false],
    ["select pg_notify('x', 'y')", false],
    ["select nextval('s')", false],
    ["insert into calls values (1)", false],
    ["update calls set x = 1", false],
    ["begin", false],
  ])("%s → %s", (text, expected) => {
    expect(isReadOnly(text)).toBe(expected);
  });
});

describe("runInQueryScope", () => {
  const fake = () => Object.assign(Promise.resolve([]), { cancel: () => null });

  it("records the queries its work sends, and only those; refuses new ones once closed", async () => {
    noteQuery("select 0", fake); // outside any scope: not recorded anywhere
    const scope = runInQueryScope(async () => {
      await noteQuery("select 1", fake);
      await new Promise((r) => setTimeout(r, 20));
      return noteQuery("insert into t values (1)", fake);
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(scope.queries.map((q) => q.readOnly)).toEqual([true]);
    scope.close(new Error("closed"));
    await expect(scope.done).rejects.toThrow("closed");
    expect(scope.queries).toHaveLength(1);
  });
});
