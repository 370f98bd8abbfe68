import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
const env: Record<string, string> = {
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  AUTH_SECRET: "test-auth-secret-test-auth-secret-0123456789",
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  TELEPHONY_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 9).toString("base64")}`,
  APP_URL: "http://localhost:3000",
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: ["**/*.db.test.ts", "node_modules/**", "e2e/**", ".next/**", ".data/**"],
          env,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**", ".next/**", ".data/**"],
          globalSetup: ["tests/global-setup.ts"],
          setupFiles: ["tests/fresh-db.ts"],
          env,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
