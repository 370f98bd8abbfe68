import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { supported, problem } = require("./check-node.cjs") as {
  supported: (v: string) => boolean;
  problem: (v: string) => string | null;
};
// semver comes with npm's own dependency tree (no types of its own here): only what the test uses.
const semver = require("semver") as { satisfies: (v: string, range: string) => boolean; subset: (a: string, b: string) => boolean };
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string }; scripts: Record<string, string> };

describe("the Node.js version check", () => {
  it("agrees with package.json engines on every release line around the floor", () => {
    const versions = ["18.20.4", "20.20.2", "22.12.0", "22.14.0", "22.15.0", "22.18.9", "22.19.0", "22.22.1", "23.11.0", "24.0.0", "24.11.1", "25.2.0", "26.0.0", "27.1.0"];
    for (const v of versions) expect([v, supported(v)]).toEqual([v, semver.satisfies(v, pkg.engines.node)]);
  });

  it("is at least as strict as every installed dependency's engines", () => {
    // The packages that set the floor today; a newer one with a higher floor must raise ours too.
    for (const name of ["undici", "lighthouse", "@apidevtools/swagger-parser", "vitest", "pg-boss"]) {
      const range = (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { engines?: { node?: string } }).engines?.node;
      if (!range) continue;
      expect([name, semver.subset(pkg.engines.node, range)]).toEqual([name, true]);
    }
  });

  it("names the version needed, the version found and how to get the right one", () => {
    const message = problem("v20.20.2")!;
    expect(message).toContain("22.19");
    expect(message).toContain("Node 20.20.2");
    expect(message).toMatch(/nodejs\.org|nvm install 24/);
    expect(problem(process.versions.node)).toBeNull();
  });

  it("runs first in every npm script", () => {
    for (const [name, cmd] of Object.entries(pkg.scripts)) expect([name, cmd.startsWith("node scripts/check-node.cjs && ")]).toEqual([name, true]);
  });

  it("exits 0 on this Node and prints nothing", () => {
    const run = spawnSync(process.execPath, ["scripts/check-node.cjs"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("keeps .nvmrc on a supported release", () => {
    expect(supported(readFileSync(".nvmrc", "utf8").trim())).toBe(true);
  });
});
