/**
 * Delivery latency: from a call's commit (call + deliveries + jobs in one transaction, i.e. the
 * moment ingest answers 202) to its signed webhook arriving at a receiver that verifies it with the
 * official `standardwebhooks` package. Runs in a scratch database on the server at DATABASE_URL with
 * the in-process worker, as the app runs by default; SMS and email go to the outbox.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/measure-latency.ts [--calls 200] [--messages]
 *
 * --messages adds an SMS and an email action to each call, so each webhook first waits for them to
 * reach a first outcome (docs/architecture.md §3) — the realistic path.
 */
process.env.LOG_LEVEL ??= "silent";
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.RESEND_API_KEY;

const args = process.argv.slice(2);
const count = Number(args[args.indexOf("--calls") + 1]) || 200;
const withMessages = args.includes("--messages");

const { createDatabaseFrom, dropDatabasesWithPrefix, withDatabase } = await import("@/tests/pg-server");
const { migrateDatabase } = await import("@/db/migrate");
if (!process.env.DATABASE_URL) throw new Error("Set DATABASE_URL to a PostgreSQL server (a scratch database is created on it).");
const admin = new URL(process.env.DATABASE_URL);
admin.pathname = "/postgres";
const dbName = `aftercall_latency_${Date.now().toString(36)}`;
await createDatabaseFrom(admin.toString(), dbName);
process.env.DATABASE_URL = withDatabase(admin.toString(), dbName);
await migrateDatabase(process.env.DATABASE_URL);

const { db, closeDb } = await import("@/db");
const { ensureWebhookSecret } = await import("@/db/queries/webhook-secrets");
const { startWorker } = await import("@/lib/jobs/worker");
const { stopBoss } = await import("@/lib/jobs/queue");
const { createAccount, createActions, createCall } = await import("@/tests/factories");
const { startWebhookReceiver } = await import("@/tests/fakes/webhook-receiver");

const receiver = await startWebhookReceiver();
const worker = await startWorker({ inApp: true });
try {
  const account = await createAccount({ credits: 1_000_000 });
  receiver.setSecrets([(await ensureWebhookSecret(db, account.accountId)).secret]);
  const actions = await createActions(account.accountId, [
    ...(withMessages
      ? [
          { channel: "sms" as const, destination: "+61400111222" },
          { channel: "email" as const, destination: "agent@example.com" },
        ]
      : []),
    { channel: "webhook" as const, destination: `${receiver.url}/hook` },
  ]);
  await new Promise((r) => setTimeout(r, 1_000)); // let the worker reach idle (waiting on NOTIFY)

  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    await createCall(account, actions);
    const accepted = performance.timeOrigin + performance.now();
    await receiver.waitFor(i + 1, 30_000);
    const got = receiver.received[i]!;
    if (got.verifiedWith === null) throw new Error(`webhook ${i} failed verification: ${got.verifyError}`);
    latencies.push(got.receivedAt - accepted);
    await new Promise((r) => setTimeout(r, 20)); // one call at a time: latency, not throughput
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
  console.log(
    `${count} calls${withMessages ? " (SMS + email + webhook each)" : " (webhook only)"}: ` +
      `p50 ${pct(50).toFixed(1)} ms · p95 ${pct(95).toFixed(1)} ms · max ${latencies.at(-1)!.toFixed(1)} ms · all ${count} signatures verified`,
  );
} finally {
  await worker.stop({ timeoutMs: 5_000 });
  await stopBoss();
  await receiver.close();
  await closeDb();
  await dropDatabasesWithPrefix(admin.toString(), dbName);
}
process.exit(0);
export {};
