/**
 * The system's Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) and the flags every browser we
 * start runs with (Playwright, the screenshot tool, the bench and Lighthouse): for machines where
 * Playwright cannot download its own browser, and, offline, without the background-networking flags
 * Chromium keeps trying hosts it cannot reach.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
