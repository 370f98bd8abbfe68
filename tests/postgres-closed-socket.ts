/**
 * Reproduces postgres.js's closed-socket bug (db/postgres-patch.ts): a transaction whose backend is
 * terminated mid-flight, then more queries on the same pool. Run as a child process by
 * db/postgres-patch.db.test.ts; `--unpatched` shows the crash the patch prevents.
 */
import { installPostgresPatch, postgresPatch } from "@/db/postgres-patch";

const url = process.argv[2]!;
if (!process.argv.includes("--unpatched")) installPostgresPatch();
const { default: postgres } = await import("postgres");
const sql = postgres(url, { max: 2, onnotice: () => {} });
const admin = postgres(url, { max: 1, onnotice: () => {} });
try {
  await sql.begin(async (tx) => {
    const [row] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await admin`select pg_terminate_backend(${row!.pid})`;
    await tx`select pg_sleep(0.1)`;
  });
} catch (error) {
  console.log(`transaction failed: ${(error as { code?: string }).code}`);
}
await new Promise((r) => setTimeout(r, 300));
let ok = 0;
for (let i = 0; i < 6; i++) ok += (await sql<{ one: number }[]>`select 1 as one`)[0]!.one;
console.log(`queries after: ${ok}; patched: ${postgresPatch.applied}`);
await Promise.all([sql.end(), admin.end()]);
