/**
 * The job worker. Filled in by the delivery engine; for now it only records that it would start.
 */
import { logger } from "@/lib/logger";

export async function startWorker(_opts: { inApp: boolean }) {
  logger("worker").debug("worker not yet implemented");
}
