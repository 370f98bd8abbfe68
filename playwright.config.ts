import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./e2e/chromium";
import { E2E_URL } from "./e2e/env";

/** Playwright's own Chromium when installed, else the system's (e2e/chromium.ts), for machines where Playwright cannot download it. */
function browserLaunch() {
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return {};
  return {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  };
}

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: ".data/playwright-results.json" }]],
  use: {
    baseURL: E2E_URL,
    trace: "retain-on-failure",
    launchOptions: browserLaunch(),
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions: browserLaunch() } }],
  webServer: {
    command: "npx tsx e2e/server.ts",
    url: `${E2E_URL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
