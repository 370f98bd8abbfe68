import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENV_KEYS, parseEnv } from "./env";

const key = Buffer.alloc(32, 1).toString("base64");
const prodBase = {
  NODE_ENV: "production",
  AUTH_SECRET: "x".repeat(40),
  APP_ENCRYPTION_KEY: key,
  TELEPHONY_WEBHOOK_SECRET: "whsec_c2VjcmV0c2VjcmV0c2VjcmV0",
};

describe("parseEnv", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "aftercall-env-"));
    process.env.AFTERCALL_DATA_DIR = dataDir;
  });
  afterEach(() => {
    delete process.env.AFTERCALL_DATA_DIR;
  });

  it("names a missing secret in production", () => {
    expect(() => parseEnv({ ...prodBase, AUTH_SECRET: undefined })).toThrow(/AUTH_SECRET is required/);
  });

  it("names a malformed variable and says what is wrong", () => {
    expect(() => parseEnv({ ...prodBase, APP_URL: "not a url" })).toThrow(/APP_URL must be an absolute URL/);
    expect(() => parseEnv({ ...prodBase, APP_ENCRYPTION_KEY: "short" })).toThrow(/APP_ENCRYPTION_KEY must be 32 bytes/);
    expect(() => parseEnv({ ...prodBase, WORKER: "maybe" })).toThrow(/WORKER must be "on" or "off"/);
  });

  it("generates secrets once outside production and reuses them", () => {
    const first = parseEnv({ NODE_ENV: "development", AFTERCALL_DATA_DIR: dataDir });
    const second = parseEnv({ NODE_ENV: "development", AFTERCALL_DATA_DIR: dataDir });
    expect(existsSync(path.join(dataDir, "secrets.json"))).toBe(true);
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(first.APP_ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(first.TELEPHONY_WEBHOOK_SECRET).toMatch(/^whsec_/);
    expect(second).toEqual(first);
  });

  it("applies defaults and strips a trailing slash from APP_URL", () => {
    const env = parseEnv({ ...prodBase, APP_URL: "https://app.example.com/" });
    expect(env.APP_URL).toBe("https://app.example.com");
    expect(env.SIGNUP_CREDITS).toBe(500);
    expect(env.WORKER).toBe("on");
    expect(env.WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
  });

  it("allows local webhook receivers under next dev by default, and never by default elsewhere", () => {
    expect(parseEnv({ NODE_ENV: "development" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(parseEnv({ NODE_ENV: "development", WEBHOOK_ALLOW_PRIVATE_NETWORKS: "false" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(parseEnv(prodBase).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(parseEnv({ ...prodBase, WEBHOOK_ALLOW_PRIVATE_NETWORKS: "" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    // NODE_ENV unset (a worker or script started by hand) might be a deployment: refused by default too.
    expect(parseEnv({ ...prodBase, NODE_ENV: undefined }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(parseEnv({ ...prodBase, NODE_ENV: "test" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(parseEnv({ ...prodBase, WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true" }).WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true);
    expect(() => parseEnv({ ...prodBase, WEBHOOK_ALLOW_PRIVATE_NETWORKS: "yes" })).toThrow(/WEBHOOK_ALLOW_PRIVATE_NETWORKS must be "true" or "false"/);
  });

  it("keeps the real retry schedule in production: DELIVERY_RETRY_SCALE is refused there", () => {
    expect(parseEnv(prodBase).DELIVERY_RETRY_SCALE).toBe(1);
    expect(() => parseEnv({ ...prodBase, DELIVERY_RETRY_SCALE: "0.001" })).toThrow(/DELIVERY_RETRY_SCALE is for tests only/);
    expect(parseEnv({ ...prodBase, NODE_ENV: "test", DELIVERY_RETRY_SCALE: "0.001" }).DELIVERY_RETRY_SCALE).toBe(0.001);
    expect(() => parseEnv({ ...prodBase, NODE_ENV: "test", DELIVERY_RETRY_SCALE: "2" })).toThrow(/DELIVERY_RETRY_SCALE must be at most 1/);
  });

  it("DB_POOL_MAX: 10 by default, a whole number from 1", () => {
    expect(parseEnv(prodBase).DB_POOL_MAX).toBe(10);
    expect(parseEnv({ ...prodBase, DB_POOL_MAX: "25" }).DB_POOL_MAX).toBe(25);
    expect(() => parseEnv({ ...prodBase, DB_POOL_MAX: "0" })).toThrow(/DB_POOL_MAX must be at least 1/);
    expect(() => parseEnv({ ...prodBase, DB_POOL_MAX: "lots" })).toThrow(/DB_POOL_MAX must be a number/);
  });

  it(".env.example lists every variable the schema reads", () => {
    const example = readFileSync(path.join(process.cwd(), ".env.example"), "utf8");
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(ENV_KEYS.filter((k) => !listed.has(k) && k !== "NODE_ENV")).toEqual([]);
    expect(ENV_KEYS).toEqual(expect.arrayContaining(["DB_POOL_MAX", "AFTERCALL_DATA_DIR"]));
  });

  it("requires the rest of Twilio's settings once a SID is given", () => {
    expect(() => parseEnv({ ...prodBase, TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}` })).toThrow(/TWILIO_AUTH_TOKEN/);
  });
});
