import { defineConfig, devices } from "@playwright/test";
import { OPERATOR_EMAIL, RECOVERY_DELAY_HOURS, RELATED_ORIGIN, SERVER_TIME_ZONE, STEP_UP_WINDOW_SECONDS } from "./e2e/server-settings";

// End-to-end tests run against the production build (`npm start`), on their own port and
// data folder, so they never touch a developer's database or dev server.
// E2E_PORT lets two suites run side by side (each with its own data folder).
const PORT = Number(process.env.E2E_PORT ?? 3100);
const ORIGIN = `http://localhost:${PORT}`;
const DATA_DIR = `.data/e2e-${PORT}`;

export default defineConfig({
  testDir: "e2e",
  // Per port, so side-by-side runs never clear each other's traces.
  outputDir: PORT === 3100 ? "test-results" : `test-results-${PORT}`,
  // Every test creates its own user (unique email), so tests run in parallel safely.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Generous: CI machines have 2 cores, shared with the server and the browsers.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: "list",
  use: {
    baseURL: ORIGIN,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Playwright cannot download its own browsers here: use Debian's Chromium.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh database on every start; the first start also builds the app (slow).
    command: `rm -rf ${DATA_DIR} && npm start`,
    url: `${ORIGIN}/signin`,
    // Only an upper bound: a build takes ~15 s on an idle 2-core machine, but minutes on a busy
    // one, and a build cut off by this timeout starts again from scratch on the next run.
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATA_DIR,
      ORIGINS: ORIGIN,
      RELATED_ORIGINS: RELATED_ORIGIN,
      STEP_UP_WINDOW_SECONDS: String(STEP_UP_WINDOW_SECONDS),
      RECOVERY_DELAY_HOURS: String(RECOVERY_DELAY_HOURS),
      OPERATOR_EMAILS: OPERATOR_EMAIL,
      TZ: SERVER_TIME_ZONE,
      // Security emails stay in the outbox, readable at /dev/mailbox (see e2e/mailbox.ts).
      DEV_MAILBOX: "true",
      // Warnings and errors only: a line per request would bury Playwright's own report.
      LOG_LEVEL: "warn",
      SMTP_URL: "",
      // Playwright merges this over the caller's environment; empty means unset to the app,
      // so a developer's DATABASE_URL, PGLITE_DIR or RP_ID can never leak into the e2e server.
      DATABASE_URL: "",
      PGLITE_DIR: "",
      RP_ID: "",
    },
  },
});
