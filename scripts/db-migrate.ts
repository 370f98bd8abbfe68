import { migrateDatabase } from "@/db/migrate";
import { redactUrl } from "@/db";
import { resolveDatabase } from "./lib/database";

const log = (m: string) => console.log(`[db:migrate] ${m}`);
const { url, embedded } = await resolveDatabase(log);
try {
  await migrateDatabase(url);
  log(`Migrated ${redactUrl(url)}`);
} finally {
  await embedded?.stop();
}
