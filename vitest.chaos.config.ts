import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:chaos`: fault injection against the production build with separate worker processes
 * (chaos/*.chaos.ts). One file at a time — each starts its own servers and shares two cores — and
 * the whole suite is bounded by the watchdog in chaos/global-setup.ts.
 */
const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["chaos/**/*.chaos.ts"],
    globalSetup: ["chaos/global-setup.ts"],
    fileParallelism: false,
    pool: "forks",
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      AUTH_SECRET: "chaos-auth-secret-chaos-auth-secret-0123456789",
      APP_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString("base64"),
      TELEPHONY_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 13).toString("base64")}`,
      APP_URL: "http://127.0.0.1:3309",
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    },
    testTimeout: 300_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
