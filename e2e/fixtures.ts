// Fixtures shared by every spec: the app under test, as a Playwright Page.
// Project `web`: a fresh `node out/main/web.js` per test, opened in Debian's
// Chromium. Project `electron`: the built app through Playwright's _electron,
// skipped with a printed reason where the Electron binary is missing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { _electron, test as base, expect } from '@playwright/test';
import { findElectronBinary } from '../src-main/electron/binary';
import type { RunningWebHost } from './web-host';
import { projectRoot, startWebHost } from './web-host';

async function startIsolatedWebHost(): Promise<{ host: RunningWebHost; stateDir: string }> {
  // Its own crash-record folder, so no spec sweeps another run's segments.
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-e2e-'));
  return { host: await startWebHost({ ...process.env, SHMLAB_STATE_DIR: stateDir }), stateDir };
}

export const test = base.extend<{ app: Page }>({
  app: async ({ page }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      const binary = findElectronBinary(projectRoot);
      if (!binary.found) {
        testInfo.skip(true, `Electron binary not available: ${binary.reason}`);
        return;
      }
      const electronApp = await _electron.launch({
        executablePath: binary.path,
        args: [projectRoot],
      });
      const window = await electronApp.firstWindow();
      await use(window);
      await electronApp.close();
      return;
    }
    const { host, stateDir } = await startIsolatedWebHost();
    try {
      await page.goto(host.url);
      await use(page);
    } finally {
      await host.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Attaches a full-page screenshot to the test report under `name`. */
export async function snapshot(app: Page, name: string): Promise<void> {
  await test
    .info()
    .attach(name, { body: await app.screenshot({ fullPage: true }), contentType: 'image/png' });
}
