// Page load → both processes drawn: Debian Chromium opens the web host's page
// in a fresh context (no cache, as a first visit) and the bench reads how long
// after navigation start both process panes showed their pid and "running".
// Measured, never asserted.
import { chromium } from '@playwright/test';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { summarize } from '../../src-main/lab/bench/lab-bench';
import { startWebHost } from '../web-host';
import { connectApi } from './api-client';
import { RECORD_BOTH_DRAWN } from './in-page';

export interface LoadBenchResult {
  /** Navigation start → both panes show pid and running, ms. */
  bothDrawn: LatencyStats;
  /** Navigation start → DOMContentLoaded ended, ms: where the rest of the time goes. */
  domContentLoaded: LatencyStats;
  samplesMs: number[];
}

/** Fails a load that never draws both processes instead of waiting for ever. */
function withTimeout<T>(promise: Promise<T>, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`both processes not drawn within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runLoadBench(loads: number): Promise<LoadBenchResult> {
  const host = await startWebHost();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    // A learner opens the page once the host printed its URL and its children run.
    const api = await connectApi(host.url);
    await api.request('getState');
    api.close();
    const drawn: number[] = [];
    const contentLoaded: number[] = [];
    for (let load = 0; load < loads; load += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.addInitScript(RECORD_BOTH_DRAWN);
        await page.goto(host.url);
        drawn.push(await withTimeout(page.evaluate('window.__bothDrawn') as Promise<number>));
        contentLoaded.push(
          (await page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd",
          )) as number,
        );
      } finally {
        await context.close();
      }
    }
    return {
      bothDrawn: summarize(drawn),
      domContentLoaded: summarize(contentLoaded),
      samplesMs: drawn,
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}
