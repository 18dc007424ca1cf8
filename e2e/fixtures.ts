// Fixtures shared by every spec: the app under test, as a Playwright Page.
// Project `web`: a fresh `node out/main/web.js` per test, opened in Debian's
// Chromium. Project `electron`: the built app through Playwright's _electron,
// skipped with a printed reason where the Electron binary is missing.
// Either way, a test fails if the page logs an error or a warning, or throws.
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

/**
 * Collects what the page reports as going wrong: console errors and
 * warnings (a CSP report, a failed load, React's warnings) and uncaught
 * exceptions or unhandled rejections.
 */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    const { url, lineNumber } = message.location();
    problems.push(`console.${message.type()}: ${message.text()} (${url}:${lineNumber})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.name}: ${error.message}`));
  return problems;
}

async function useWatched(page: Page, use: (page: Page) => Promise<void>): Promise<void> {
  const problems = watchConsole(page);
  await use(page);
  expect(problems, 'the page logged errors or warnings').toEqual([]);
}

export const test = base.extend<{ app: Page; webHost: RunningWebHost | null }>({
  /** The web host the `app` page was opened from; null in the electron project. */
  // Playwright reads a fixture's dependencies from its first parameter's pattern.
  // eslint-disable-next-line no-empty-pattern
  webHost: async ({}, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      await use(null);
      return;
    }
    const { host, stateDir } = await startIsolatedWebHost();
    try {
      await use(host);
    } finally {
      await host.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  },
  app: async ({ page, webHost }, use, testInfo) => {
    if (webHost === null) {
      const binary = findElectronBinary(projectRoot);
      if (!binary.found) {
        testInfo.skip(true, `Electron binary not available: ${binary.reason}`);
        return;
      }
      const electronApp = await _electron.launch({
        executablePath: binary.path,
        args: [projectRoot],
      });
      try {
        const window = await electronApp.firstWindow();
        await useWatched(window, use);
      } finally {
        await electronApp.close();
      }
      return;
    }
    // Watch from before the first load: most console errors happen there.
    await useWatched(page, async (watched) => {
      await watched.goto(webHost.url);
      await use(watched);
    });
  },
});

export { expect };

/** Attaches a full-page screenshot to the test report under `name`. */
export async function snapshot(app: Page, name: string): Promise<void> {
  await test
    .info()
    .attach(name, { body: await app.screenshot({ fullPage: true }), contentType: 'image/png' });
}
