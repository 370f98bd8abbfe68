import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const E2E_STATE_FILE = path.join(process.cwd(), ".data", "e2e.json");
/** Everything the e2e server printed (e2e/server.ts), for e2e/logs.spec.ts. */
export const E2E_LOG_FILE = path.join(process.cwd(), ".data", "e2e-server.log");

/** Fixed secrets: the e2e server is a production build, which requires them. */
export const E2E_ENV: Record<string, string> = {
  APP_URL: E2E_URL,
  AUTH_SECRET: "e2e-auth-secret-e2e-auth-secret-0123456789",
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64"),
  TELEPHONY_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 5).toString("base64")}`,
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
  LOG_LEVEL: "warn",
};
