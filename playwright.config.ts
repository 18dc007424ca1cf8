import { defineConfig } from '@playwright/test';
import { chromiumForE2e } from './scripts/browser/places';
import { findElectronBinary } from './src-main/electron/binary';

// The one `npm run browser` found or installed (the same search), or CHROMIUM_PATH.
const chromium = chromiumForE2e();
const electron = findElectronBinary(import.meta.dirname);
if (!electron.found && process.env.TEST_WORKER_INDEX === undefined) {
  // Printed once per run, so the skipped `electron` project says why.
  process.stdout.write(`[e2e] project "electron" is skipped: ${electron.reason}\n`);
}

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    {
      name: 'web',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromium },
      },
    },
    {
      // Drives the built app through _electron (see e2e/fixtures.ts); the
      // browser settings only keep Playwright's unused default page local.
      name: 'electron',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromium },
      },
    },
  ],
});
