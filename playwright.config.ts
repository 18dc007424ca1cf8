import { defineConfig } from '@playwright/test';
import { findElectronBinary } from './src-main/electron/binary';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
