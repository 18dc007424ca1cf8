// UI propagation latency: from a value submitted in pane A's writer to pane
// B's DOM showing the bytes B reported, measured inside Debian Chromium
// against the web host. Measured, never asserted.
import { chromium } from '@playwright/test';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { summarize } from '../../src-main/lab/bench/lab-bench';
import { attachFreshSegmentInBoth, startWebHost } from '../web-host';

// Runs in the page, as source text: tsx would otherwise wrap the function
// with helpers that do not exist in the browser.
const MEASURE_IN_PAGE = `(bytes) => new Promise((resolve) => {
  const grid = document.querySelector('[aria-label="Memory of process B as it reads it"]');
  const shows = () => bytes.every((byte, i) => grid.querySelector('[data-offset="' + (16 + i) + '"]')?.textContent === byte);
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Write in A');
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (!shows()) return;
    observer.disconnect();
    resolve(performance.now() - start);
  });
  observer.observe(grid, { subtree: true, childList: true, characterData: true });
  button.click();
})`;

export async function runUiLatencyBench(writes: number): Promise<LatencyStats> {
  const host = await startWebHost();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await attachFreshSegmentInBoth(page);
    const paneA = page.getByRole('region', { name: 'Process A' });
    await paneA.getByLabel('Offset for A').fill('16');
    await paneA.getByLabel('Type for A').selectOption('u32');

    const samples: number[] = [];
    for (let index = 0; index < writes; index += 1) {
      const value = index + 1;
      await paneA.getByLabel('Value for A').fill(String(value));
      const expected = [0, 1, 2, 3].map((i) =>
        ((value >>> (8 * i)) & 0xff).toString(16).padStart(2, '0'),
      );
      // Start the clock on the click and stop it when B's cells show the value.
      const elapsed = (await page.evaluate(
        `(${MEASURE_IN_PAGE})(${JSON.stringify(expected)})`,
      )) as number;
      samples.push(elapsed);
    }
    return summarize(samples);
  } finally {
    await browser.close();
    await host.stop();
  }
}
