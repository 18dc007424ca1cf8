// The soak's closing table and verdict, from its figures. Pure: tested
// without a host.
import type { HostExit } from './host';
import type { Quiesced } from './quiesce';
import type { Leftovers, Sample } from './sampler';
import type { Tally } from './tally';

export interface SoakReport {
  seed: number;
  tabs: number;
  minutes: number;
  /** How long the traffic really ran, ms. */
  ranMs: number;
  /** The host exited on its own during the soak. */
  exitDuringSoak: HostExit | null;
  /** How the host ended when the soak stopped it with SIGTERM; null when it had already exited. */
  stop: { exit: HostExit; killed: boolean; ms: number } | null;
  tally: Tally;
  samples: Sample[];
  leftovers: Leftovers;
  processesSeen: number;
  /** The host's open files by kind whose count changed from the first sample to the last. */
  fdChanges: string;
  /** The Lab after the end's quiet-down (runs stopped, A and B running, detached). */
  quiesced: Quiesced;
}

/** The exit code of a host that cleaned up after SIGTERM (128 + 15, see src-main/lab/shutdown.ts). */
export const CLEAN_SIGTERM_EXIT = 143;

const MiB = 1024 * 1024;
const mib = (bytes: number | null | undefined): string =>
  bytes === null || bytes === undefined ? '-' : `${(bytes / MiB).toFixed(1)} MiB`;

/** First, largest and last of a sample field, and its growth from the first sample past `fromMs`. */
export function series(
  samples: readonly Sample[],
  field: 'rss' | 'ownRss' | 'fds',
  fromMs: number,
): { start: number | null; peak: number | null; end: number | null; growth: number | null } {
  const values = samples.filter((s) => s[field] !== null);
  if (values.length === 0) return { start: null, peak: null, end: null, growth: null };
  const start = values[0]![field]!;
  const end = values.at(-1)![field]!;
  const peak = Math.max(...values.map((s) => s[field]!));
  const base = values.find((s) => s.atMs >= fromMs) ?? values.at(-1)!;
  return { start, peak, end, growth: end - base[field]! };
}

/** Where growth is measured from: the first minute, or half of a shorter soak, is warm-up. */
export function warmUpMs(ranMs: number): number {
  return Math.min(60_000, ranMs / 2);
}

/** The reasons the soak failed: any host exit, anything left behind. Empty when it passed. */
export function failures(report: SoakReport): string[] {
  const found: string[] = [];
  const exit = report.exitDuringSoak;
  if (exit !== null) {
    found.push(`the host exited during the soak (code ${exit.code}, signal ${exit.signal})`);
  }
  if (report.stop !== null) {
    const { exit: stopped, killed } = report.stop;
    if (killed) found.push('the host did not exit on SIGTERM and needed SIGKILL');
    else if (stopped.code !== CLEAN_SIGTERM_EXIT) {
      found.push(
        `the host ended SIGTERM with code ${stopped.code}, signal ${stopped.signal} (not ${CLEAN_SIGTERM_EXIT})`,
      );
    }
  }
  const { segments, semids, processes } = report.leftovers;
  if (segments.length > 0) found.push(`${segments.length} segment(s) left`);
  if (semids.length > 0) found.push(`${semids.length} semaphore set(s) left`);
  if (processes.length > 0) found.push(`${processes.length} process(es) of the host's tree left`);
  return found;
}

const table = (rows: readonly [string, string][]): string => {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
};

const listed = (entries: [string, number][], limit = 12): string =>
  entries.length === 0
    ? 'none'
    : entries
        .slice(0, limit)
        .map(([name, count]) => `${name} ${count}`)
        .join(', ') + (entries.length > limit ? `, … (${entries.length - limit} more)` : '');

/** The closing table, one figure a line. */
export function formatSummary(report: SoakReport): string {
  const { tally, samples, leftovers, quiesced } = report;
  const from = warmUpMs(report.ranMs);
  const rss = series(samples, 'rss', from);
  const own = series(samples, 'ownRss', from);
  const fds = series(samples, 'fds', from);
  const peak = (field: 'processes' | 'segments' | 'sets') =>
    Math.max(0, ...samples.map((s) => s[field]));
  const stop = report.stop;
  const stopText =
    stop === null
      ? 'already exited'
      : stop.killed
        ? `no exit within the grace: SIGKILL (${stop.ms.toFixed(0)} ms)`
        : `exit code ${stop.exit.code}, signal ${stop.exit.signal} in ${stop.ms.toFixed(0)} ms`;
  const rows: [string, string][] = [
    [
      'seed',
      `${report.seed} (replay: npm run soak -- --seed ${report.seed} --tabs ${report.tabs} --minutes ${report.minutes})`,
    ],
    ['ran', `${(report.ranMs / 60_000).toFixed(2)} min, ${report.tabs} tabs`],
    ['host exits', String(tally.hostExits)],
    ['host on SIGTERM', stopText],
    [
      'commands sent',
      `${tally.sent.total} (ok ${tally.answeredOk.total}, error ${tally.errors.total})`,
    ],
    ['error answers by code', listed(tally.errors.entries())],
    [
      'unanswered (> 120 s)',
      `${tally.unanswered.total}${tally.unanswered.total > 0 ? `: ${listed(tally.unanswered.entries())}` : ''}`,
    ],
    ['abandoned by closing', String(tally.abandoned)],
    [
      'invalid frames',
      `${tally.invalidSent} sent, ${tally.invalidAsExpected} refused as expected, ${tally.wrongAnswerCount} wrong`,
    ],
    ['tabs reopened', `${tally.reopened} (stopped reading ${tally.stoppedReading} times)`],
    ['unexpected closes', listed(tally.unexpectedCloses.entries())],
    ['closed while not reading', listed(tally.closedWhileNotReading.entries())],
    ['reconnect failures', listed(tally.reconnectFailures.entries(), 4)],
    ['signals from outside', listed(tally.signals.entries())],
    ['child exits seen', listed(tally.childExits.entries())],
    ['events received', String(tally.events)],
    [
      'segments leaked',
      leftovers.segments.length === 0
        ? '0'
        : `${leftovers.segments.length}: ${leftovers.segments.map((s) => `${s.shmid} (cpid ${s.cpid}, nattch ${s.nattch})`).join(', ')}`,
    ],
    [
      'sets leaked',
      leftovers.semids.length === 0
        ? '0'
        : `${leftovers.semids.length}: ${leftovers.semids.join(', ')}`,
    ],
    [
      'processes leaked',
      leftovers.processes.length === 0
        ? '0'
        : `${leftovers.processes.length}: ${leftovers.processes.map((p) => `${p.pid} ${p.command} (${p.state})`).join(', ')}`,
    ],
    [
      'peak alive (tree/seg/sets)',
      `${peak('processes')} processes (${report.processesSeen} seen), ${peak('segments')} segments, ${peak('sets')} sets`,
    ],
    [
      'quiet-down at the end',
      quiesced.state + (quiesced.problems.length > 0 ? `; ${quiesced.problems.join('; ')}` : ''),
    ],
    ['fds start/peak/end', `${fds.start ?? '-'} / ${fds.peak ?? '-'} / ${fds.end ?? '-'}`],
    ['fd kinds start → end', report.fdChanges],
    ['RSS start/peak/end', `${mib(rss.start)} / ${mib(rss.peak)} / ${mib(rss.end)}`],
    [`RSS growth after ${(from / 1000).toFixed(0)} s`, mib(rss.growth)],
    [
      'own RSS (anon+file) growth',
      `${mib(own.growth)} (start ${mib(own.start)}, end ${mib(own.end)})`,
    ],
  ];
  return table(rows);
}

/** Each error answer by code and command, with the first message the host gave for it. */
export function formatErrorDetails(tally: Tally): string {
  const lines = tally.errorsByCommand
    .entries()
    .map(
      ([where, count]) =>
        `  ${String(count).padStart(6)}  ${where}: ${tally.errorExamples.get(where) ?? ''}`,
    );
  const notes = [...tally.notes].flatMap(([topic, examples]) => [
    `  ${topic} (first ${examples.length}):`,
    ...examples.map((example) => `    ${example}`),
  ]);
  const wrong = tally.wrongAnswers.map(
    (w) => `  wrong answer to ${w.label}: expected ${w.expected}, got ${w.got}`,
  );
  return [...lines, ...wrong, ...notes].join('\n');
}
