import { afterAll, inject } from "vitest";
import { closeDb } from "@/db";
import { stopBoss } from "@/lib/jobs/queue";
import { resetEnvCache } from "@/lib/env";
import { createDatabaseFrom, withDatabase } from "./pg-server";

// Runs before each database test file (vitest setupFiles): a fresh copy of the migrated template.
const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const name = `${template}_${Math.random().toString(36).slice(2, 10)}`;
await createDatabaseFrom(adminUrl, name, template);
process.env.DATABASE_URL = withDatabase(adminUrl, name);
resetEnvCache();

afterAll(async () => {
  await stopBoss();
  await closeDb();
});
