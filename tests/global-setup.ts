import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/db/migrate";
import { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } from "./pg-server";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/** One migrated template per run; every database test file gets its own copy of it (tests/fresh-db.ts). */
export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const template = `aftercall_t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await createDatabaseFrom(server.adminUrl, template);
  await migrateDatabase(withDatabase(server.adminUrl, template));
  project.provide("pgAdminUrl", server.adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    await dropDatabasesWithPrefix(server.adminUrl, template);
    await server.stop();
  };
}
