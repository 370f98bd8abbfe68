import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * We depend on two packages' internals: postgres.js is patched at install time
 * (patches/postgres+<version>.patch, applied by `patch-package --error-on-fail` in `postinstall`), and
 * lib/jobs imports pg-boss's `dist/plans.js`. Both are pinned to exact versions so neither drifts
 * silently; these tests fail when someone bumps one without revisiting what depends on it.
 */
const root = process.cwd();
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const installed = (name: string) =>
  (JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

describe.each(["postgres", "pg-boss"])("%s", (name) => {
  it("is pinned to an exact version, and that version is the one installed", () => {
    expect(manifest.dependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed(name)).toBe(manifest.dependencies[name]);
  });
});

describe("the postgres.js patch", () => {
  // If this fails after an upgrade, check whether upstream fixed the closed-socket write
  // (porsager/postgres#1154) and the cancelled-while-connecting query (db/postgres-patch.db.test.ts):
  // drop the patch, or redo it against the new version (edit node_modules/postgres, `npx patch-package postgres`).
  it("exists for exactly the pinned version", () => {
    const patches = readdirSync(path.join(root, "patches")).filter((f) => f.startsWith("postgres+"));
    expect(patches).toEqual([`postgres+${manifest.dependencies.postgres}.patch`]);
    // After the Node version check every script runs first (scripts/check-node.cjs), the patch, failing loudly.
    expect(manifest.scripts.postinstall).toMatch(/(^|&& )patch-package --error-on-fail$/);
  });

  it.each(["src/connection.js", "cjs/src/connection.js"])("is applied to the installed %s (every entry point loads one of these)", (file) => {
    const source = readFileSync(path.join(root, "node_modules/postgres", file), "utf8");
    expect(source).toContain("if (!socket) { chunk = nextWriteTimer = null; error(Errors.connection('CONNECTION_CLOSED', options))");
    expect(source.split("chunk = nextWriteTimer = null // aftercall patch").length - 1).toBe(2);
    expect(source).toContain("if (initial && initial.cancelled) {");
  });
});

describe("pg-boss internals used by lib/jobs", () => {
  it("dist/plans.js still exports what queue.ts and worker.ts import", async () => {
    expect(existsSync(path.join(root, "node_modules/pg-boss/dist/plans.js"))).toBe(true);
    const plans = (await import("pg-boss/dist/plans.js")) as Record<string, unknown>;
    expect(typeof plans.DEFAULT_SCHEMA).toBe("string");
    expect(typeof plans.insertJobs).toBe("function");
    expect(typeof plans.notifyChannelSql).toBe("function");
  });
});
