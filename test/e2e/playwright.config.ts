import { defineConfig } from "@playwright/test";
import { fileURLToPath } from "node:url";

/** Repo-root test-results/ is gitignored; keep traces and failure screenshots there. */
const OUTPUT_DIR = fileURLToPath(new URL("../../test-results/e2e", import.meta.url));

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  globalSetup: "./global-setup.ts",
  outputDir: OUTPUT_DIR,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One worker: each spec's server runs in the worker beside two browsers, and a second worker on a
  // two-core machine starves both servers' event loops (pages stay unhydrated, sockets "Connecting…").
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    browserName: "chromium",
    viewport: { width: 1440, height: 900 },
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
