import { sql } from "drizzle-orm";
import { db } from "@/db";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET() {
  const started = performance.now();
  try {
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000)),
    ]);
    return Response.json({ status: "ok", database: { status: "up", latencyMs: Math.round(performance.now() - started) } });
  } catch {
    return Response.json(
      { status: "degraded", database: { status: "down" } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }
}
