/** Runs once when a Next.js server process starts; the Node.js part lives in instrumentation-node.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before any route loads postgres.js: its fix for connections lost mid-transaction (db/postgres-patch.ts).
    const { installPostgresPatch } = await import("./db/postgres-patch");
    installPostgresPatch();
    await import("./instrumentation-node");
  }
}
