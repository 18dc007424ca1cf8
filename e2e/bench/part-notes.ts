// The lines each part prints when it ends: the detail behind the closing
// table (conditions, spread, where the time or memory went).
import type { BenchPart } from '../../src-main/lab/bench/bench-args';
import type { LatencyStats } from '../../src-main/lab/bench/lab-bench';
import { SPACING_MS } from '../../src-main/lab/bench/lab-bench';
import type { BenchResults } from './budget-rows';
import type { FactsKindResult } from './facts-bench';
import { describeMachineBench } from './machine-rows';
import type { SegmentCase } from './memory-bench';

const ms = (value: number | null): string => (value === null ? '—' : `${value.toFixed(2)} ms`);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const stats = (s: LatencyStats): string =>
  `p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} over ${s.samples}`;

function segmentLines(label: string, segment: SegmentCase): string[] {
  if (segment.makeError !== null) return [`${label}: could not be made: ${segment.makeError}`];
  const lines = [
    `${label} (shmid ${segment.shmid}), attach in A and B took ${ms(segment.attachMs)}`,
  ];
  (['A', 'B'] as const).forEach((name, index) => {
    const attach = segment.attach?.[name];
    const child = segment.memory?.processes[index];
    const answered =
      (attach?.ok === false ? `attach answered ${attach.code} (${attach.message})` : 'attached') +
      (segment.attachedAfter?.[name] === true ? '' : "; not attached by the Lab's state");
    if (child === undefined) return lines.push(`  ${name}: ${answered}`);
    lines.push(
      `  ${name} (pid ${child.pid}): ${answered}; VmRSS ${mib(child.before.VmRSS)} → ${mib(child.settled.VmRSS)}; ` +
        `ours +${mib(child.growth.ours)} (peak +${mib(child.peakOurs)}), segment's +${mib(child.growth.shared)}`,
    );
  });
  if (segment.memory !== null) {
    const { settleMs, timedOut } = segment.memory;
    lines.push(`  memory ${timedOut ? 'still moving after' : 'settled after'} ${ms(settleMs)}`);
  }
  if (segment.idle !== null) {
    const { percentOfOneCore, mainPercent, childrenPercent, seconds } = segment.idle;
    lines.push(
      `  idle over ${seconds} s: ${percentOfOneCore.toFixed(2)} % of one core (main ${mainPercent.toFixed(2)} %, children ${childrenPercent.toFixed(2)} %)`,
    );
  }
  return lines;
}

function factsLines(kind: FactsKindResult): string[] {
  if (kind.skipped !== null) return [`${kind.label}: not measured: ${kind.skipped}`];
  return [
    `${kind.label}, ${kind.samples} samples in ${kind.seconds.toFixed(1)} s (setup included):`,
    `  answer shown → diagram equals pagemap: ${stats(kind.answerToEqual)}` +
      ` (right before the answer in ${kind.rightBeforeAnswer})`,
    `  click → diagram equals pagemap: ${stats(kind.clickToEqual)}`,
    `  click → answer shown: ${stats(kind.clickToAnswer)}`,
    `  misses (never matched within 2 s, or the table differed from pagemap read again): ${kind.misses}`,
    ...kind.missReasons.map((reason) => `    ${reason}`),
    `  a first pagemap read caught an entry of ShmLab's own look in flight (the next read ` +
      `equalled the table): ${kind.transients}`,
    ...kind.transientReasons.map((reason) => `    ${reason}`),
  ];
}

/** What `part` measured, in a few lines. */
export function describePart(part: BenchPart, results: BenchResults): string {
  switch (part) {
    case 'lab': {
      const { writeToReport, spacedWriteToReport, startToAttachedMs } = results.lab!;
      return [
        `A writes → B reports (Lab): ${stats(writeToReport)}`,
        `the same, writes ${SPACING_MS} ms apart: ${stats(spacedWriteToReport)}`,
        `Lab start → both attached: ${ms(startToAttachedMs)}`,
      ].join('\n');
    }
    case 'idle': {
      const idle = results.idle!;
      return (
        `Idle CPU of node out/main/web.js, one page attached in A and B, over ${idle.seconds} s ` +
        `(after ${idle.settleSeconds} s to settle): ${idle.percentOfOneCore.toFixed(2)} % of one core ` +
        `(main ${idle.mainPercent.toFixed(2)} %, children ${idle.childrenPercent.toFixed(2)} %); ` +
        `the settle itself, the start's tail: ${idle.settle.percentOfOneCore.toFixed(2)} % ` +
        `(main ${idle.settle.mainPercent.toFixed(2)} %, children ${idle.settle.childrenPercent.toFixed(2)} %)`
      );
    }
    case 'memory': {
      const memory = results.memory!;
      return [
        ...segmentLines('1 GiB untouched', memory.untouched),
        ...segmentLines('1 GiB, every page written by another process', memory.touched),
        `  (writing every page took ${ms(memory.touched.touchMs)})`,
        ...segmentLines('64 GiB SHM_NORESERVE', memory.noReserve),
      ].join('\n');
    }
    case 'ui':
      return [
        `pane A's writer → pane B's DOM (Chromium, web host): ${stats(results.ui!.writes)}`,
        `page → host → page, a message the host answers at once: ${stats(results.ui!.echo)}`,
      ].join('\n');
    case 'facts': {
      const { load, touch, outside } = results.facts!;
      return [...factsLines(load), ...factsLines(touch), ...factsLines(outside)].join('\n');
    }
    case 'load': {
      const { bothDrawn, domContentLoaded, samplesMs } = results.load!;
      return (
        `page load → both processes drawn: ${stats(bothDrawn)} (each: ${samplesMs.map((value) => value.toFixed(0)).join(', ')} ms)\n` +
        `page load → DOMContentLoaded: ${stats(domContentLoaded)}`
      );
    }
    case 'machine':
      return describeMachineBench(results.machine!);
    case 'burst':
      return results
        .burst!.map((run) =>
          [
            `burst, ${run.mode}: ${run.writes} writes over ${run.cells} u32 cells in ${ms(run.durationMs)} ` +
              `(${run.writesPerSecond.toFixed(0)} writes/s); B's screen ends ${run.correct ? 'correct' : `WRONG: ${run.problems.join('; ')}`}`,
            `  B shows every final value ${ms(run.endFromLastSendMs)} after the last write was sent, ${ms(run.endFromLastReplyMs)} after its reply`,
            `  lag per write, from its send: ${stats(run.lagFromSend)}`,
            `  lag per write, from its reply: ${stats(run.lagFromReply)}`,
          ].join('\n'),
        )
        .join('\n');
  }
}
