import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Secrets that are generated once per checkout when not set outside production. */
export type DevSecrets = {
  AUTH_SECRET: string;
  APP_ENCRYPTION_KEY: string;
  TELEPHONY_WEBHOOK_SECRET: string;
};

/** The folder for local state: `configured` (AFTERCALL_DATA_DIR, read by lib/env.ts `dataDir`) or ./.data. */
export const resolveDataDir = (configured: string | undefined) =>
  path.resolve(/*turbopackIgnore: true*/ configured ?? path.join(process.cwd(), ".data"));

function generate(): DevSecrets {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    APP_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    TELEPHONY_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
  };
}

/**
 * Reads `.data/secrets.json`, creating it on first use. The `wx` flag makes the first writer win when
 * two processes (the dev server and the simulator, say) start at once; the loser reads the winner's file.
 */
export function loadDevSecrets(dir: string): DevSecrets {
  const file = path.join(dir, "secrets.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, JSON.stringify(generate(), null, 2) + "\n", { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return JSON.parse(readFileSync(file, "utf8")) as DevSecrets;
  }
}
