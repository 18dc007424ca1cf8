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
    // The writer waits for the last write's answer (its button is disabled until then), as a
    // learner's click would: a click on it meanwhile would be lost, not measured.
    for (let waited = 0; button.disabled; waited += 5) {
      if (waited > 5000) throw new Error('write ' + i + ' was never answered: the writer stayed busy');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
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

// A reference for the write figure, run in the same page after it: a message the host answers
// at once (an unknown command; no Lab, no child), sent on a socket of its own with the same
// spacing. It is the share of Chromium, the loopback socket and the host's wake-up, which move
// with how busy the machine is; the write figure minus it is roughly ours.
const ECHO_IN_PAGE = `async ([count, url]) => {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.onmessage = (event) => JSON.parse(event.data).ready === true && resolve();
    socket.onerror = () => reject(new Error('the reference socket did not open'));
  });
  const samples = [];
  for (let i = 0; i < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, ${SPACING_MS}));
    samples.push(await new Promise((resolve) => {
      // Only the answer to this message counts (the socket also gets the Lab's events).
      socket.onmessage = (event) => JSON.parse(event.data).id === i + 1 && resolve(performance.now() - start);
      const start = performance.now();
      socket.send(JSON.stringify({ id: i + 1, command: 'benchEcho', input: null }));
    }));
  }
  socket.close();
  return samples;
}`;

export interface UiLatencyResult {
  /** Pane A's writer → pane B's DOM. */
  writes: LatencyStats;
  /** Page → host → page for a message the host answers at once (the reference above). */
  echo: LatencyStats;
}

/** The API socket's address for the page at `pageUrl` (the token is in its fragment). */
function apiSocketUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? '';
  return `ws://${page.host}/api?token=${token}`;
}

export async function runUiLatencyBench(writes: number): Promise<UiLatencyResult> {
  return withAttachedPage(
    async (page, host) => {
      const samples = (await page.evaluate(`(${MEASURE_IN_PAGE})(${writes})`)) as number[];
      const echo = (await page.evaluate(
        `(${ECHO_IN_PAGE})(${JSON.stringify([writes, apiSocketUrl(host.url)])})`,
      )) as number[];
      return { writes: summarize(samples), echo: summarize(echo) };
    },
    async (page) => {
      const paneA = page.getByRole('region', { name: 'Process A' });
      await paneA.getByLabel('Offset for A').fill('16');
      await paneA.getByLabel('Type for A').selectOption('u32');
    },
  );
}
