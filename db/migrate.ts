import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { PgBoss } from "pg-boss";
import { QUEUE_OPTIONS } from "@/lib/jobs/queues";

/**
 * Brings a database up to date: our tables (drizzle-kit migrations in db/migrations) and pg-boss's
 * schema and queues. Safe to run any number of times, from several processes at once.
 */
export async function migrateDatabase(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: path.join(process.cwd(), "db/migrations") });
  } finally {
    await sql.end();
  }
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false, max: 1 });
  boss.on("error", () => {});
  await boss.start();
  try {
    for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
      const existing = await boss.getQueue(name);
      if (!existing) {
        await boss.createQueue(name, options);
      } else {
        // Options changed since the queue was created: update what pg-boss lets us (not the policy).
        const { policy: _policy, ...updatable } = options;
        await boss.updateQueue(name, updatable);
      }
    }
  } finally {
    await boss.stop({ graceful: false });
  }
}
