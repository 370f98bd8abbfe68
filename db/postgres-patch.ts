/**
 * A load-time fix for postgres.js 3.4.9 (the latest release), until upstream ships one
 * (porsager/postgres#1154, #1208, #1168): a small write is buffered for the next tick, and when the
 * connection closes first —
 * - a later write (the ROLLBACK a transaction sends when its connection died) runs against a null
 *   socket and throws from a timer: an uncaught exception that killed `npm run worker` on a database
 *   restart (found by the chaos suite);
 * - the connection keeps the stale buffer and timer, so after reconnecting it never sends its startup
 *   message again: every query routed to it waits out connect_timeout and fails, for good.
 * The fix: a write with no socket fails the connection's queries as CONNECTION_CLOSED (which callers
 * already handle) and clears the buffer; closing clears it too. Applied through a module load hook,
 * so it must be installed before anything imports `postgres` (scripts/worker.ts, instrumentation.ts).
 * Nothing here imports postgres itself.
 */
import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

const CONNECTION_JS = /[\\/]node_modules[\\/]postgres[\\/](cjs[\\/])?src[\\/]connection\.js$/;

const NEXT_WRITE = "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)";
const NEXT_WRITE_FIXED =
  "  function nextWrite(fn) {\n" +
  "    if (!socket) { chunk = nextWriteTimer = null; error(Errors.connection('CONNECTION_CLOSED', options)); query = null; return true }\n" +
  "    const x = socket.write(chunk, fn)";
const TEARDOWN = "\n    clearImmediate(nextWriteTimer)\n";
const TEARDOWN_FIXED = "\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n";

/** The patched source, or null when this is not the code the fix was written for (then it is left alone). */
export function patchPostgresConnection(source: string): string | null {
  if (!source.includes(NEXT_WRITE) || source.split(TEARDOWN).length !== 3) return null;
  return source.replace(NEXT_WRITE, NEXT_WRITE_FIXED).split(TEARDOWN).join(TEARDOWN_FIXED);
}

export const postgresPatch = { applied: 0, skipped: 0 };

export function installPostgresPatch() {
  const key = Symbol.for("aftercall.postgresPatch");
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[key]) return;
  g[key] = true;
  registerHooks({
    load(url, context, nextLoad) {
      const result = nextLoad(url, context);
      const file = url.startsWith("file:") ? fileURLToPath(url) : url;
      if (!CONNECTION_JS.test(file)) return result;
      const raw = result.source ?? readFileSync(file);
      const patched = patchPostgresConnection(typeof raw === "string" ? raw : Buffer.from(raw as Uint8Array).toString("utf8"));
      if (!patched) {
        postgresPatch.skipped++;
        console.warn(`[aftercall] postgres.js changed: the connection fix in db/postgres-patch.ts no longer applies to ${file}`);
        return result;
      }
      postgresPatch.applied++;
      return { ...result, source: patched };
    },
  });
}
