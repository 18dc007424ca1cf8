// A write burst as a client of the web host makes it: 1000 writes by A, as
// fast as the API lets them through, while Debian Chromium shows the page and
// B's pane is watched. Reports whether B's screen ends correct, how long after
// the last write B's DOM held every final value, and the lag during the burst.
// Measured, never asserted.
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { summarize } from '../../src-main/lab/bench/lab-bench';
import { withAttachedPage } from './attached-page';
import type { BurstRun } from './burst-in-page';
import { RUN_BURST } from './burst-in-page';

/** One burst's figures, in ms of the page's clock. */
export interface BurstFigures {
  mode: BurstRun['mode'];
  writes: number;
  cells: number;
  durationMs: number;
  writesPerSecond: number;
  /** B's grid shows what B's mapping holds, which is what A wrote last at each offset. */
  correct: boolean;
  problems: string[];
  /** Last reply of the burst → B's DOM holds every final value; < 0: before the reply came. */
  endFromLastReplyMs: number | null;
  /** The last write's request sent → B's DOM holds every final value. */
  endFromLastSendMs: number | null;
  /** Per write: its request sent → B's DOM shows it (an upper bound of the lag). */
  lagFromSend: LatencyStats;
  /** Per write: its reply → B's DOM shows it (a lower bound of the lag; may be < 0). */
  lagFromReply: LatencyStats;
}

const u32le = (bytes: readonly (number | null)[], offset: number): number | null => {
  const slice = bytes.slice(offset, offset + 4);
  if (slice.length < 4 || slice.some((byte) => byte === null)) return null;
  return (slice as number[]).reduceRight((value, byte) => value * 256 + byte, 0);
};

/** Figures of one burst, from what the page recorded. */
export function burstFigures(run: BurstRun): BurstFigures {
  const problems = [...run.failures];
  run.domBytes.forEach((byte, offset) => {
    if (byte !== run.mappingBytes[offset] && problems.length < 10) {
      problems.push(
        `offset ${offset}: B's screen shows ${byte ?? 'nothing'}, B's mapping holds ${run.mappingBytes[offset] ?? 'nothing'}`,
      );
    }
  });
  run.expectedValues.forEach((expected, cell) => {
    const held = u32le(run.mappingBytes, cell * 4);
    if (held !== expected)
      problems.push(`offset ${cell * 4}: B holds ${held}, A wrote ${expected}`);
  });
  const finals = run.expectedValues.map((_, cell) => {
    const last = cell + Math.floor((run.writes - 1 - cell) / run.cells) * run.cells;
    return run.shownAt[last] ?? null;
  });
  const allShownAt = finals.some((at) => at === null) ? null : Math.max(...(finals as number[]));
  const lastReply = Math.max(...run.repliedAt);
  const lastSend = Math.max(...run.sentAt);
  const fromSend: number[] = [];
  const fromReply: number[] = [];
  run.shownAt.forEach((at, index) => {
    if (at === null) return;
    fromSend.push(at - run.sentAt[index]!);
    fromReply.push(at - run.repliedAt[index]!);
  });
  const durationMs = lastReply - Math.min(...run.sentAt);
  return {
    mode: run.mode,
    writes: run.writes,
    cells: run.cells,
    durationMs,
    writesPerSecond: (run.writes / durationMs) * 1000,
    correct: problems.length === 0 && allShownAt !== null,
    problems,
    endFromLastReplyMs: allShownAt === null ? null : allShownAt - lastReply,
    endFromLastSendMs: allShownAt === null ? null : allShownAt - lastSend,
    lagFromSend: summarize(fromSend),
    lagFromReply: summarize(fromReply),
  };
}

/**
 * Two bursts in one page: 'sequential' (each write awaits its reply, as a program that checks
 * every write does; the lag of each write is then bracketed tightly) and 'pipelined' (all
 * requests at once: A writes back to back as fast as it can, the hardest case for B's screen).
 */
export async function runBurstBench(writes: number): Promise<BurstFigures[]> {
  return withAttachedPage(async (page, host) => {
    const cells = 32; // 128 bytes: the first rows of B's grid
    const figures: BurstFigures[] = [];
    const token = new URLSearchParams(new URL(host.url).hash.slice(1)).get('token');
    let base = 0;
    for (const mode of ['sequential', 'pipelined'] as const) {
      const input = JSON.stringify({ mode, writes, cells, base, token });
      const run = (await page.evaluate(`(${RUN_BURST})(${input})`)) as BurstRun;
      figures.push(burstFigures(run));
      base += writes;
    }
    return figures;
  });
}
