// UI propagation latency: from a value submitted in pane A's writer to pane
// B's DOM showing the bytes B reported, measured inside Debian Chromium
// against the web host. Measured, never asserted.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { summarize } from '../../src-main/lab/bench/lab-bench';

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

export async function runUiLatencyBench(webMain: string, writes: number): Promise<LatencyStats> {
  const host = spawn(process.execPath, [webMain], { stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    let url = '';
    for await (const line of createInterface({ input: host.stdout! })) {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
      if (match !== null) {
        url = match[1]!;
        break;
      }
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.getByText('connected', { exact: true }).waitFor();
    await page
      .getByRole('navigation', { name: 'Tutorial steps' })
      .getByRole('button', { name: /shmget/ })
      .click();
    const tutorial = page.getByRole('region', { name: 'Tutorial' });
    await tutorial.getByRole('checkbox', { name: 'IPC_PRIVATE' }).check();
    await tutorial.getByLabel('Size in bytes').fill('4096');
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
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGINT');
    await exited;
  }
}
