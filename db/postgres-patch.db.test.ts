import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * The patch in a real process against the real database: a transaction whose backend dies mid-flight
 * fails with CONNECTION_CLOSED and the pool keeps working. Unpatched, postgres.js 3.4.9 throws from a
 * timer and the process dies.
 */
function run(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "tests/postgres-closed-socket.ts", process.env.DATABASE_URL!, ...args], {
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("postgres.js closed-socket patch", () => {
  it("a connection lost mid-transaction neither crashes the process nor breaks the pool", () => {
    const patched = run();
    expect(patched.status, patched.stderr).toBe(0);
    expect(patched.stdout).toContain("transaction failed: CONNECTION_CLOSED");
    expect(patched.stdout).toContain("queries after: 6; patched: 1");
  });

  it("is needed: without it the same sequence kills the process", () => {
    const unpatched = run("--unpatched");
    expect(unpatched.status).not.toBe(0);
    expect(unpatched.stderr).toMatch(/Cannot read properties of null \(reading 'write'\)/);
  });
});
