// The start the page benchmarks share: a fresh web host, Debian Chromium at the
// size of the README's screenshots, and a segment (one page unless asked) attached
// in A and B through the UI, as a learner would; everything is stopped after. Playwright
// clicks through the setup, then disconnects: the measured part runs in a page
// no automation agent watches (see bare-chromium.ts).
import type { Page } from '@playwright/test';
import { chromium } from '@playwright/test';
import { native } from '../../src-main/lab/native';
import type { RunningWebHost } from '../web-host';
import { attachFreshSegmentInBoth, startWebHost } from '../web-host';
import type { BarePage } from './bare-chromium';
import { launchBareChromium, openBarePage } from './bare-chromium';

/**
 * Runs `measure` on a page whose A and B have a fresh segment of `segmentBytes` (one page by
 * default) attached, after `prepare` (more setup through Playwright, if any); then stops all.
 */
export async function withAttachedPage<T>(
  measure: (page: BarePage, host: RunningWebHost) => Promise<T>,
  prepare: (page: Page) => Promise<void> = async () => {},
  segmentBytes: number = native.constants.pageSize,
): Promise<T> {
  const host = await startWebHost();
  const browser = await launchBareChromium(1280, 800);
  try {
    const driver = await chromium.connectOverCDP(browser.endpoint);
    try {
      const page = driver.contexts()[0]?.pages()[0];
      if (page === undefined) throw new Error('Chromium started without a page');
      await page.goto(host.url);
      await attachFreshSegmentInBoth(page, String(segmentBytes));
      await prepare(page);
    } finally {
      // Disconnects; the browser and its page stay.
      await driver.close();
    }
    const page = await openBarePage(browser);
    try {
      return await measure(page, host);
    } finally {
      page.close();
    }
  } finally {
    await browser.close();
    await host.stop();
  }
}
