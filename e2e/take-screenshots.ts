// `npm run screenshots`: the README's screenshots, taken from the real app in
// web mode (Debian Chromium), after a short real session: a segment, both
// attachments, a write in A that B reported.
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { attachFreshSegmentInBoth, projectRoot, startWebHost } from './web-host';

const host = await startWebHost();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
  await page.goto(host.url);
  // Three pages, so the picture shows pages without a frame next to one with.
  await attachFreshSegmentInBoth(page, '10000');
  const steps = page.getByRole('navigation', { name: 'Tutorial steps' });
  const tutorial = page.getByRole('region', { name: 'Tutorial' });
  await steps.getByRole('button', { name: /Write in A, read in B/ }).click();
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await tutorial.getByRole('status').filter({ hasText: 'B read 42' }).waitFor();
  await page.waitForTimeout(600);
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    const file = join(
      projectRoot,
      'resources',
      theme === 'light' ? 'screenshot.png' : 'screenshot-dark.png',
    );
    await page.screenshot({ path: file });
    process.stdout.write(`wrote ${file}\n`);
  }
} finally {
  await browser.close();
  await host.stop();
}
