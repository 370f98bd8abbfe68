import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { patchPostgresConnection } from "./postgres-patch";

describe("patchPostgresConnection", () => {
  // If this fails, postgres.js was upgraded: check whether upstream fixed the closed-socket write
  // (porsager/postgres#1154) and drop db/postgres-patch.ts, or update it to the new code.
  it.each(["src/connection.js", "cjs/src/connection.js"])("applies to the installed postgres.js %s", (file) => {
    const source = readFileSync(path.join(process.cwd(), "node_modules/postgres", file), "utf8");
    const patched = patchPostgresConnection(source);
    expect(patched).not.toBeNull();
    expect(patched).toContain("if (!socket) { chunk = nextWriteTimer = null; error(Errors.connection(");
    expect(patched!.split("chunk = nextWriteTimer = null\n").length - 1).toBe(3);
  });

  it("leaves code it was not written for alone", () => {
    expect(patchPostgresConnection("function nextWrite(fn) { return socket.write(chunk, fn) }")).toBeNull();
  });
});
