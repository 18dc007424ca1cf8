// `npm run screenshots`: the README's screenshots, taken from the real app in
// web mode (Debian Chromium), after a short real session: a segment, both
// attachments, a write in A that B reported.
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { attachFreshSegmentInBoth, projectRoot, startWebHost } from './web-host';
import { removeForeignSegments, startForeignWriter } from './machine-helpers';

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
  // The machine view: another user's segment (uid 65534), its row expanded, opened read-only in A.
  const writer = await startForeignWriter('hello from uid 65534');
  try {
    await page.getByRole('button', { name: 'This machine' }).click();
    await page.getByRole('button', { name: `Details of segment ${writer.shmid}` }).click();
    await page.getByRole('button', { name: 'Open in A read-only' }).click();
    await page.getByRole('status').filter({ hasText: 'Opened in A at' }).waitFor();
    await page.waitForTimeout(1500);
    // The view from its top: heading, limits, and the table with the expanded row.
    await page.locator('.app__tutorial').evaluate((column) => column.scrollTo(0, 0));
    for (const theme of ['dark', 'light'] as const) {
      if (theme === 'light') await page.getByRole('button', { name: 'Dark theme' }).click();
      const file = join(
        projectRoot,
        'docs',
        theme === 'light' ? 'machine-view.png' : 'machine-view-dark.png',
      );
      await page.screenshot({ path: file });
      process.stdout.write(`wrote ${file}\n`);
    }
  } finally {
    await writer.finish();
    removeForeignSegments();
  }
} finally {
  await browser.close();
  await host.stop();
}
