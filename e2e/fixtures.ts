// Fixtures shared by every spec: the app under test, as a Playwright Page.
// Project `web`: a fresh `node out/main/web.js` per test, opened in Debian's
// Chromium. Project `electron`: the built app through Playwright's _electron,
// skipped with a printed reason where the Electron binary is missing.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { _electron, test as base, expect } from '@playwright/test';
import { findElectronBinary } from '../src-main/electron/binary';

export const projectRoot = resolve(import.meta.dirname, '..');

interface WebHostProcess {
  url: string;
  child: ChildProcess;
  stateDir: string;
}

async function startWebHost(): Promise<WebHostProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-e2e-'));
  const child = spawn(process.execPath, [join(projectRoot, 'out', 'main', 'web.js')], {
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
    if (match !== null) return { url: match[1]!, child, stateDir };
  }
  throw new Error('the web host exited before printing its URL');
}

async function stopWebHost(host: WebHostProcess): Promise<void> {
  const exited = new Promise((done) => host.child.once('exit', done));
  host.child.kill('SIGINT'); // Ctrl+C: the host removes its segments and stops its children
  await exited;
  rmSync(host.stateDir, { recursive: true, force: true });
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
    const host = await startWebHost();
    try {
      await page.goto(host.url);
      await use(page);
    } finally {
      await stopWebHost(host);
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
