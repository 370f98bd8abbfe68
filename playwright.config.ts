import { existsSync } from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";
import { E2E_URL } from "./e2e/env";

/** Playwright's own Chromium when installed, else Debian's (this workplace cannot download browsers). */
function browserLaunch() {
  let bundled: string | undefined;
  try {
    bundled = chromium.executablePath();
  } catch {
    bundled = undefined;
  }
  if (bundled && existsSync(bundled)) return {};
  return {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
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
