import { sql } from "drizzle-orm";
import { db } from "@/db";
import { logger } from "@/lib/logger";

/**
 * Recording retention (docs/architecture.md §1): a recording older than its account's `recording_retention_months`
 * (6 by default) is forgotten — the platform URL is cleared and `recording_deleted_at` set, so every
 * `/r/<token>` link to it answers 410 from then on.
 */
export async function purgeExpiredRecordings(now = new Date()): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    update calls c
       set recording_url = null, recording_deleted_at = ${now.toISOString()}::timestamptz
      from accounts a
     where a.id = c.account_id
       and c.recording_url is not null
       and c.recording_deleted_at is null
       and c.ended_at < ${now.toISOString()}::timestamptz - make_interval(months => a.recording_retention_months)
    returning c.id`);
  if (rows.length > 0) logger("maintenance").info({ purged: rows.length }, "expired recordings purged");
  return rows.length;
}

export type MaintenanceJob = { task: "purge-recordings" };

export async function runMaintenance(job: MaintenanceJob) {
  if (job.task === "purge-recordings") await purgeExpiredRecordings();
}
