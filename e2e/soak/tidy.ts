// After a failed soak has counted what was left behind: first what a user
// would do after a crash (`npm run cleanup` on the host's state folder),
// then, for whatever that left, ipcrm and SIGKILL by id, so a failing soak
// does not leave the machine littered. Both steps are reported.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../web-host';
import type { Leftovers } from './sampler';
import { readEntry } from './proc-scan';

/** What tidying did, in words, one line a step. */
export function tidyLeftovers(
  home: string,
  counted: Leftovers,
  recount: () => Leftovers,
): string[] {
  const lines: string[] = [];
  const cleanup = spawnSync(
    join(projectRoot, 'node_modules', '.bin', 'tsx'),
    [join(projectRoot, 'src-main', 'lab', 'cleanup-cli.ts')],
    { env: { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state') }, encoding: 'utf8' },
  );
  lines.push(
    `npm run cleanup (exit ${cleanup.status}): ${(cleanup.stdout + cleanup.stderr).trim().replaceAll('\n', ' ')}`,
  );
  const left = recount();
  lines.push(
    `left after it: ${left.segments.length} of ${counted.segments.length} segments, ` +
      `${left.semids.length} of ${counted.semids.length} sets, ` +
      `${left.processes.length} of ${counted.processes.length} processes`,
  );
  const forced: string[] = [];
  for (const segment of left.segments) {
    if (ipcrm('-m', segment.shmid)) forced.push(`shm ${segment.shmid}`);
  }
  for (const semid of left.semids) {
    if (ipcrm('-s', semid)) forced.push(`sem ${semid}`);
  }
  for (const entry of left.processes) {
    // The same process as the one seen in the tree, not one that took its pid since.
    if (readEntry(entry.pid)?.starttime !== entry.starttime) continue;
    try {
      process.kill(entry.pid, 'SIGKILL');
      forced.push(`pid ${entry.pid}`);
    } catch {
      // Gone meanwhile.
    }
  }
  if (forced.length > 0) lines.push(`removed by the soak itself: ${forced.join(', ')}`);
  return lines;
}

function ipcrm(kind: '-m' | '-s', id: number): boolean {
  try {
    execFileSync('ipcrm', [kind, String(id)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
