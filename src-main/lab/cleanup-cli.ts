// `npm run cleanup`: removes the segments and semaphore sets of ShmLab runs
// that were killed before they could clean up. Other programs' are never touched.
import { openStateDir } from './state-dir';
import { sweepDeadRuns } from './sweep';

let stateDir: string;
try {
  const opened = openStateDir();
  if (opened.notice !== null) process.stderr.write(`${opened.notice}\n`);
  stateDir = opened.dir;
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
const report = sweepDeadRuns(stateDir);
const lines = [
  `Looked in ${stateDir}.`,
  report.removed.length > 0
    ? `Removed ${report.removed.length} segment(s) left by killed runs: shmid ${report.removed.join(', ')}.`
    : 'No segments of killed runs were left.',
];
if (report.removedSets.length > 0) {
  lines.push(
    `Removed ${report.removedSets.length} semaphore set(s) left by killed runs: semid ${report.removedSets.join(', ')}.`,
  );
}
if (report.killedPrograms.length > 0) {
  lines.push(
    `Killed ${report.killedPrograms.length} process(es) of programs run by killed runs: pid ${report.killedPrograms.join(', ')}.`,
  );
}
if (report.removedDirs.length > 0) {
  lines.push(`Removed the programs folder(s) of killed runs: ${report.removedDirs.join(', ')}.`);
}
if (report.skipped.length > 0) {
  lines.push(
    `Left alone ${report.skipped.length} recorded id(s) that are gone or now belong to another program.`,
  );
}
if (report.skippedSets.length > 0) {
  lines.push(
    `Left alone ${report.skippedSets.length} recorded semaphore set id(s) that are gone or now belong to another program.`,
  );
}
if (report.unclaimed.length > 0) {
  lines.push(
    `Left alone ${report.unclaimed.length} segment(s) made with a killed run's pid that its record does not name: shmid ${report.unclaimed.join(', ')}. ` +
      'They are the run’s only if it was killed between shmget and its record, else another program’s that got the pid later; check with ipcs -m -p and remove your own with ipcrm -m.',
  );
}
if (report.liveRuns.length > 0) {
  lines.push(`Still running (not touched): ShmLab pid ${report.liveRuns.join(', ')}.`);
}
for (const reason of report.refused) lines.push(`Not trusted, left alone: ${reason}.`);
process.stdout.write(`${lines.join('\n')}\n`);
