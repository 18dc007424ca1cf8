// `npm run soak`: the web host under random API traffic from several tabs
// for a while (30 min by default), with its children killed and stopped from
// outside; then stopped with SIGTERM and checked for anything left behind.
// Prints one table and exits 1 on any host exit or leak (2 on bad options).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../../src-main/lab/native';
import { webMain } from '../web-host';
import { Chaos } from './chaos';
import { SoakHost } from './host';
import { apiSocketTarget } from './host-token';
import { fdKindChanges } from './proc-scan';
import { Random } from './random';
import { Sampler } from './sampler';
import type { Quiesced } from './quiesce';
import { quiesce } from './quiesce';
import { parseSoakArgs } from './soak-args';
import type { SoakReport } from './summary';
import { failures, formatErrorDetails, formatSummary } from './summary';
import { runTabSlot } from './tab-driver';
import { tidyLeftovers } from './tidy';
import { Tally } from './tally';
import { World } from './world';

const SAMPLE_EVERY_MS = 2_000;
const PROGRESS_EVERY_MS = 30_000;
/** How long the host may take to clean up after SIGTERM before it is killed. */
const STOP_GRACE_MS = 20_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string): boolean => process.stdout.write(`[soak] ${line}\n`);

let options;
try {
  options = parseSoakArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
if (!existsSync(webMain)) {
  process.stderr.write(`${webMain} is missing: run \`npm run build\` first (npm run soak does).\n`);
  process.exit(2);
}
const { minutes, tabs, seed } = options;
say(`seed ${seed} (replay with --seed ${seed}); ${tabs} tabs for ${minutes} min`);

const world = new World();
const tally = new Tally();
const host = await SoakHost.start();
say(`host pid ${host.pid}, HOME ${host.home}`);
const sampler = new Sampler(host.pid, world);
sampler.sample();

let endSoak!: () => void;
const until = new Promise<void>((resolve) => (endSoak = resolve));
const timeUp = setTimeout(endSoak, minutes * 60_000);
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => ((interrupted = true), say(`${signal}: ending early`), endSoak()));
}
let stopping = false;
void host.exited.then((exit) => {
  if (stopping) return;
  tally.hostExits += 1;
  say(`the host exited during the soak: code ${exit.code}, signal ${exit.signal}`);
  endSoak();
});
let ended = false;
void until.then(() => (ended = true));

const startedAt = performance.now();
let lastProgress = startedAt;
const sampling = setInterval(() => {
  const sample = sampler.sample();
  if (performance.now() - lastProgress < PROGRESS_EVERY_MS || ended) return;
  lastProgress = performance.now();
  say(
    `${(sample.atMs / 60_000).toFixed(1)} min: rss ${((sample.rss ?? 0) / 2 ** 20).toFixed(1)} MiB, ` +
      `${sample.fds} fds, ${sample.processes} processes, ${sample.segments} segments, ` +
      `${sample.sets} sets; ${tally.sent.total} commands, ${tally.errors.total} error answers`,
  );
}, SAMPLE_EVERY_MS);

const target = apiSocketTarget(host.pageUrl);
const slots = Array.from({ length: tabs }, (_, index) =>
  runTabSlot({ target, random: Random.stream(seed, `tab ${index}`), world, tally, until }),
);
const chaos = new Chaos(Random.stream(seed, 'chaos'), world, tally, () => sampler.tree());
const chaosDone = chaos.run(until);

await until;
clearTimeout(timeUp);
const ranMs = performance.now() - startedAt;
say('traffic over; closing tabs');
await chaosDone;
chaos.continueAll();
await Promise.race([Promise.all(slots), sleep(60_000)]);
clearInterval(sampling);

let stop: SoakReport['stop'] = null;
const exitDuringSoak = host.exit;
let quiesced: Quiesced = { state: 'not reached: the host had exited', problems: [] };
if (host.alive) {
  quiesced = await quiesce(target, world);
  // Tabs closed, no run, A and B as at the start: what the host holds beyond that, it kept.
  await sleep(3_000);
  sampler.sample();
  const stopAt = performance.now();
  stopping = true;
  const stopped = await host.stop(STOP_GRACE_MS);
  stop = { ...stopped, ms: performance.now() - stopAt };
}
// Orphans the host left (re-parented to init) may take a moment to be reaped: wait for them.
let leftovers = sampler.leftovers();
for (let waited = 0; waited < 10_000 && leftovers.processes.length > 0; waited += 500) {
  await sleep(500);
  leftovers = sampler.leftovers();
}

const report: SoakReport = {
  seed,
  tabs,
  minutes,
  ranMs,
  exitDuringSoak,
  stop,
  tally,
  samples: sampler.samples,
  leftovers,
  processesSeen: sampler.processesSeen,
  fdChanges: fdKindChanges(sampler.fdsAtStart ?? new Map(), sampler.fdsNow),
  quiesced,
};
for (const { runId, pid } of tally.unseenProgramExits) {
  const started = world.runsStarted.get(runId) ?? 'its runProgram answer never came';
  const signals = tally.signalledPids.get(pid) ?? 'none from the soak';
  tally.note(
    'program exits the host did not see',
    `run ${runId} pid ${pid}: ${started}; signals ${signals}`,
  );
}
const failed = failures(report);
if (exitDuringSoak !== null || failed.length > 0) {
  process.stdout.write(
    `\nThe host's stderr ended with:\n${host.stderrTail.join('\n') || '(nothing)'}\n`,
  );
}
process.stdout.write(
  `\nError answers by code and command (first message), then odd events:\n${formatErrorDetails(tally)}\n`,
);
process.stdout.write(
  `\nSoak summary${interrupted ? ' (interrupted)' : ''}:\n${formatSummary(report)}\n`,
);
process.stdout.write(
  failed.length === 0
    ? '\nPASS: no exit, nothing left behind.\n'
    : `\nFAIL: ${failed.join('; ')}\n`,
);

const resultsDir = join(findProjectRoot(), 'results');
mkdirSync(resultsDir, { recursive: true });
const record = {
  date: new Date().toISOString(),
  node: process.version,
  seed,
  tabs,
  minutes,
  ranMs,
  failures: failed,
  exitDuringSoak,
  stop,
  errors: Object.fromEntries(tally.errors.entries()),
  errorsByCommand: Object.fromEntries(tally.errorsByCommand.entries()),
  leftovers,
  samples: sampler.samples,
  stderrTail: host.stderrTail,
};
writeFileSync(join(resultsDir, 'soak.json'), `${JSON.stringify(record, null, 2)}\n`);
say('wrote results/soak.json');
const { segments, semids, processes } = leftovers;
if (segments.length + semids.length + processes.length > 0) {
  say('tidying what was left behind (counted above):');
  for (const line of tidyLeftovers(host.home, leftovers, () => sampler.leftovers()))
    say(`  ${line}`);
}
host.removeHome();
process.exit(failed.length === 0 ? 0 : 1);
