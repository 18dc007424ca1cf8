// `npm run screenshots`: the README's screenshots, taken from the real app in
// web mode (Debian Chromium), after a short real session: a segment, both
// attachments, a write in A that B reported.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';

const root = join(import.meta.dirname, '..');
const host = spawn(process.execPath, [join(root, 'out', 'main', 'web.js')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let url = '';
for await (const line of createInterface({ input: host.stdout! })) {
  const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
  if (match !== null) {
    url = match[1]!;
    break;
  }
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
  await page.goto(url);
  await page.getByText('connected', { exact: true }).waitFor();
  const steps = page.getByRole('navigation', { name: 'Tutorial steps' });
  await steps.getByRole('button', { name: /shmget/ }).click();
  const tutorial = page.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByRole('checkbox', { name: 'IPC_PRIVATE' }).check();
  await tutorial.getByRole('button', { name: 'Run shmget', exact: true }).click();
  await tutorial.getByRole('status').filter({ hasText: 'shmget returned' }).waitFor();
  for (const name of ['A', 'B']) {
    const pane = page.getByRole('region', { name: `Process ${name}` });
    await pane.getByRole('button', { name: `Attach (shmat) in ${name}` }).click();
    await pane
      .getByText(/0x[0-9a-f]{12}/)
      .first()
      .waitFor();
  }
  await steps.getByRole('button', { name: /Write in A, read in B/ }).click();
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await tutorial.getByRole('status').filter({ hasText: 'B read 42' }).waitFor();
  await page.waitForTimeout(600);
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    const file = join(
      root,
      'resources',
      theme === 'light' ? 'screenshot.png' : 'screenshot-dark.png',
    );
    await page.screenshot({ path: file });
    process.stdout.write(`wrote ${file}\n`);
  }
} finally {
  await browser.close();
  host.kill('SIGINT');
}
