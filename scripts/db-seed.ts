import { closeDb, db, redactUrl } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { DEMO, seedDemo } from "@/db/seed";
import { resolveDatabase } from "./lib/database";

const log = (m: string) => console.log(`[db:seed] ${m}`);
const { url, embedded } = await resolveDatabase(log);
process.env.DATABASE_URL = url;
try {
  await migrateDatabase(url);
  const { created } = await seedDemo(db);
  log(created ? `Seeded "${DEMO.accountName}" in ${redactUrl(url)}` : `"${DEMO.accountName}" already exists; nothing to do.`);
} finally {
  await closeDb();
  await embedded?.stop();
}
