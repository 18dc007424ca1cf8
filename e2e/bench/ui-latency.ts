// UI propagation latency: from a value submitted in pane A's writer to pane
// B's DOM showing the bytes B reported, measured inside Debian Chromium
// against the web host. Measured, never asserted.
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { SPACING_MS, summarize } from '../../src-main/lab/bench/lab-bench';
import { withAttachedPage } from './attached-page';
import { BYTE_CELL, HEX_GRID_OF } from './in-page';

// Runs in the page, as source text (tsx would otherwise wrap the function
// with helpers that do not exist in the browser), with no automation agent
// attached (attached-page.ts). Typing is simulated in the page — the same
// input event React sees from a keyboard. Each sample runs from
// the click on "Write in A" to the MutationObserver seeing B's cells show the
// value, which B's process read from its own mapping.
const MEASURE_IN_PAGE = `async (writes) => {
  ${BYTE_CELL}
  ${HEX_GRID_OF}
  const grid = hexGridOf('B');
  const paneA = document.querySelector('section[aria-label="Process A"], [role="region"][aria-label="Process A"]');
  const button = [...paneA.querySelectorAll('button')].find((b) => b.textContent === 'Write in A');
  const input = paneA.querySelector('[aria-label="Value for A"]');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const samples = [];
  for (let i = 0; i < writes; i++) {
    const value = (i % 255) + 1; // the byte at offset 16 changes on every write
    setValue.call(input, String(value));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, ${SPACING_MS}));
    const hex = value.toString(16).padStart(2, '0');
    samples.push(await new Promise((resolve, reject) => {
      const start = performance.now();
      // A write that never shows in B fails the bench with its reason instead of hanging it.
      const timer = setTimeout(() => {
        observer.disconnect();
        const said = paneA.querySelector('[role="alert"]')?.textContent ?? 'no error shown in A';
        reject(new Error('write ' + (i + 1) + ' (' + value + ') did not show in B within 5 s: ' + said));
      }, 5000);
      const observer = new MutationObserver(() => {
        if (byteCell(grid, 16)?.textContent !== hex) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - start);
      });
      observer.observe(grid, { subtree: true, childList: true, characterData: true });
      button.click();
    }));
  }
  return samples;
}`;

export async function runUiLatencyBench(writes: number): Promise<LatencyStats> {
  return withAttachedPage(
    async (page) => {
      const samples = (await page.evaluate(`(${MEASURE_IN_PAGE})(${writes})`)) as number[];
      return summarize(samples);
    },
    async (page) => {
      const paneA = page.getByRole('region', { name: 'Process A' });
      await paneA.getByLabel('Offset for A').fill('16');
      await paneA.getByLabel('Type for A').selectOption('u32');
    },
  );
}
