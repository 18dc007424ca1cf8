// The start the page benchmarks share: a fresh web host, Debian Chromium at the
// size of the README's screenshots, and a one-page segment attached in A and B
// through the UI, as a learner would; everything is stopped after.
import type { Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import { native } from '../../src-main/lab/native';
import type { RunningWebHost } from '../web-host';
import { attachFreshSegmentInBoth, startWebHost } from '../web-host';

/** Runs `measure` on a page whose A and B have a fresh segment attached; then stops all. */
export async function withAttachedPage<T>(
  measure: (page: Page, host: RunningWebHost) => Promise<T>,
): Promise<T> {
  const host = await startWebHost();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await attachFreshSegmentInBoth(page, String(native.constants.pageSize));
    return await measure(page, host);
  } finally {
    await browser.close();
    await host.stop();
  }
}
