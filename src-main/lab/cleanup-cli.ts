// `npm run cleanup`: removes the segments of ShmLab runs that were killed
// before they could clean up. Segments of other programs are never touched.
import { defaultStateDir, sweepDeadRuns } from './registry';

const stateDir = defaultStateDir();
const report = sweepDeadRuns(stateDir);
const lines = [
  `Looked in ${stateDir}.`,
  report.removed.length > 0
    ? `Removed ${report.removed.length} segment(s) left by killed runs: shmid ${report.removed.join(', ')}.`
    : 'No segments of killed runs were left.',
];
if (report.skipped.length > 0) {
  lines.push(
    `Left alone ${report.skipped.length} recorded id(s) that are gone or now belong to another program.`,
  );
}
if (report.liveRuns.length > 0) {
  lines.push(`Still running (not touched): ShmLab pid ${report.liveRuns.join(', ')}.`);
}
process.stdout.write(`${lines.join('\n')}\n`);
