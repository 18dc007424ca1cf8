// Lab benchmarks: write-to-report latency across two real processes, idle
// CPU of the whole Lab, and time to start. Measured, never asserted.
import type { ChildEntry } from '../child-host';
import { Lab } from '../lab';
import { NodeChildHost } from '../node-child-host';
import { native } from '../native';
import { SegmentRegistry } from '../registry';
import { installShutdown } from '../shutdown';

export interface LatencyStats {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LabBenchResult {
  startToAttachedMs: number;
  writeToReport: LatencyStats;
  /**
   * The same with writes SPACING_MS apart, as the UI bench spaces them: the processes' code
   * is cold again at each write. It tells a busy hour of this shared machine from a quiet one,
   * so UI figures from different runs can be compared.
   */
  spacedWriteToReport: LatencyStats;
}

/** The pause between the spaced writes (the UI bench's too). */
export const SPACING_MS = 40;

/** Percentiles by nearest rank, in ms. */
export function summarize(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN;
  return {
    samples: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    max: sorted.at(-1) ?? NaN,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

export async function runLabBench(
  entry: ChildEntry,
  options: { writes: number; spacedWrites: number },
): Promise<LabBenchResult> {
  const started = performance.now();
  // The usual crash record: a bench killed midway is cleaned up by the next
  // start or by `npm run cleanup`.
  const lab = await Lab.start({
    host: new NodeChildHost(entry),
    hostKind: 'web',
    registry: new SegmentRegistry(),
  });
  installShutdown(lab);
  try {
    const { shmid } = await lab.createSegment({
      key: 0,
      size: native.constants.pageSize,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    await Promise.all(
      (['A', 'B'] as const).map((process) =>
        lab.attach({ process, shmid, readOnly: false, round: false, writeForeign: false }),
      ),
    );
    const startToAttachedMs = performance.now() - started;

    // Each write puts a fresh counter at an offset; B reports only the bytes
    // that changed, so keep B's view of the segment and wait until it holds
    // the counter.
    const viewOfB = new Uint8Array(native.constants.pageSize);
    let waiting: { offset: number; expected: Uint8Array; resolve: (at: number) => void } | null =
      null;
    const stop = lab.on('memoryChanged', (event) => {
      if (event.process !== 'B') return;
      viewOfB.set(event.bytes, event.offset);
      if (waiting === null) return;
      const { offset, expected, resolve } = waiting;
      if (expected.every((byte, i) => viewOfB[offset + i] === byte)) {
        waiting = null;
        resolve(performance.now());
      }
    });
    let counter = 0;
    const measure = async (writes: number, spacingMs: number): Promise<LatencyStats> => {
      const samples: number[] = [];
      for (let index = 0; index < writes; index += 1) {
        if (spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
        counter += 1;
        const offset = (counter * 8) % 4088;
        const expected = new Uint8Array(new Uint32Array([counter]).buffer);
        const seen = new Promise<number>((resolve) => {
          waiting = { offset, expected, resolve };
        });
        const t0 = performance.now();
        await lab.write({
          process: 'A',
          offset,
          type: 'u32',
          value: String(counter),
          endian: 'le',
        });
        samples.push((await seen) - t0);
      }
      return summarize(samples);
    };
    const writeToReport = await measure(options.writes, 0);
    const spacedWriteToReport = await measure(options.spacedWrites, SPACING_MS);
    stop();

    return { startToAttachedMs, writeToReport, spacedWriteToReport };
  } finally {
    await lab.close();
  }
}
