// A cgroup per run, where this machine lets the Lab make one: its pids.max is the run's process
// limit, counted per run (RLIMIT_NPROC counts the whole user), and its cgroup.procs names every
// process of the run even after they escaped their session. Tried in order:
//   v2: a sibling of the Lab's own cgroup, when that level delegates the pids controller to its
//       children (a leaf cannot: cgroup v2 keeps processes out of a cgroup that has controllers
//       for its children) and we may write there: a systemd unit with Delegate=yes, root.
//   v1: a child of the Lab's own cgroup in the pids hierarchy (writable by root).
// A normal user's desktop usually allows neither (systemd delegates to the user manager, not to an
// app), and then RLIMIT_NPROC holds the limit (run-limits.ts).
//
// Each cgroup is named shmlab-<Lab pid>-<Lab start time>-run<runId>, so the next Lab start can
// tell those of a dead Lab (sweepStaleRunCgroups) from those of a live one.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { processStartTime } from '../registry';

/** A cgroup made for one run. */
export interface RunCgroup {
  version: 1 | 2;
  path: string;
}

interface Parent {
  version: 1 | 2;
  /** The folder the run cgroups are made in. */
  dir: string;
}

/** A cgroup made, or why none could be. */
export type CgroupAttempt = { cgroup: RunCgroup } | { reason: string };

const NAME = /^shmlab-(\d+)-(\d+)-run\d+$/;

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Where the cgroup2 and the v1 pids hierarchies are mounted (/proc/self/mountinfo). */
export function cgroupMounts(mountinfo: string): { v2: string | null; v1Pids: string | null } {
  let v2: string | null = null;
  let v1Pids: string | null = null;
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const mountPoint = left.split(' ')[4];
    const [fsType, , superOptions = ''] = right.split(' ');
    if (mountPoint === undefined) continue;
    if (fsType === 'cgroup2') v2 ??= mountPoint;
    if (fsType === 'cgroup' && superOptions.split(',').includes('pids')) v1Pids ??= mountPoint;
  }
  return { v2, v1Pids };
}

/** The Lab's own cgroup paths (/proc/self/cgroup): the v2 one and the v1 pids one. */
export function ownCgroups(text: string): { v2: string | null; v1Pids: string | null } {
  let v2: string | null = null;
  let v1Pids: string | null = null;
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (match === null) continue;
    const [, controllers = '', path = ''] = match;
    if (controllers === '') v2 = path;
    else if (controllers.split(',').includes('pids')) v1Pids = path;
  }
  return { v2, v1Pids };
}

/** The folders where run cgroups can be made, best first, each with why it is not usable. */
function parents(): { usable: Parent[]; reasons: string[] } {
  const mounts = cgroupMounts(readOr('/proc/self/mountinfo', ''));
  const own = ownCgroups(readOr('/proc/self/cgroup', ''));
  const usable: Parent[] = [];
  const reasons: string[] = [];
  if (mounts.v2 !== null && own.v2 !== null) {
    // Our own cgroup holds the Lab, so it cannot have controllers for children: its parent can.
    const dir = join(mounts.v2, own.v2 === '/' ? '/' : dirname(own.v2));
    if (readOr(join(dir, 'cgroup.subtree_control'), '').split(/\s+/).includes('pids')) {
      usable.push({ version: 2, dir });
    } else {
      reasons.push(`cgroup v2 at ${dir} gives no pids controller to its children`);
    }
  } else {
    reasons.push('no cgroup v2 hierarchy');
  }
  if (mounts.v1Pids !== null && own.v1Pids !== null) {
    usable.push({ version: 1, dir: join(mounts.v1Pids, own.v1Pids) });
  } else {
    reasons.push('no cgroup v1 pids hierarchy');
  }
  return { usable, reasons };
}

/** The folders run cgroups are made in on this machine (empty where none can be). */
export function runCgroupParents(): string[] {
  return parents().usable.map((parent) => parent.dir);
}

/** The name of run `runId`'s cgroup for this Lab. */
export function runCgroupName(runId: number): string {
  return `shmlab-${process.pid}-${processStartTime(process.pid) ?? '0'}-run${runId}`;
}

/** Makes the run's cgroup with pids.max = `processes`; or says why none could be made. */
export function makeRunCgroup(runId: number, processes: number): CgroupAttempt {
  const { usable, reasons } = parents();
  for (const parent of usable) {
    const path = join(parent.dir, runCgroupName(runId));
    try {
      mkdirSync(path);
    } catch (error) {
      reasons.push(`cannot make a cgroup in ${parent.dir} (${(error as { code?: string }).code})`);
      continue;
    }
    try {
      writeFileSync(join(path, 'pids.max'), `${processes}\n`);
      return { cgroup: { version: parent.version, path } };
    } catch (error) {
      reasons.push(`cannot set pids.max in ${path} (${(error as { code?: string }).code})`);
      removeEmpty(path);
    }
  }
  return { reason: reasons.join('; ') };
}

/** How many forks the cgroup refused at pids.max so far ("max N" in pids.events). */
export function forkRefusals(cgroup: RunCgroup): number {
  const match = /^max (\d+)$/m.exec(readOr(join(cgroup.path, 'pids.events'), ''));
  return match === null ? 0 : Number(match[1]);
}

/** The processes in the cgroup now. */
export function cgroupMembers(path: string): number[] {
  return readOr(join(path, 'cgroup.procs'), '')
    .split('\n')
    .filter((word) => word !== '')
    .map(Number);
}

/**
 * SIGKILL to every process in the cgroup, for when the supervisor is gone: cgroup.kill where the
 * kernel has it (v2, 5.14), else each member read from cgroup.procs, a few rounds for those forked
 * meanwhile (pids.max bounds them).
 */
export function killCgroup(path: string): void {
  if (existsSync(join(path, 'cgroup.kill'))) {
    try {
      writeFileSync(join(path, 'cgroup.kill'), '1');
      return;
    } catch {
      // Fall through to the members one by one.
    }
  }
  for (let round = 0; round < 8; round++) {
    const members = cgroupMembers(path);
    if (members.length === 0) return;
    for (const pid of members) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
}

/** rmdir of a cgroup: only empty ones go; false while processes (or zombies) remain in it. */
export function removeEmpty(path: string): boolean {
  try {
    rmdirSync(path);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'ENOENT';
  }
}

/**
 * Ends the runs of Labs that died with their supervisors (a kill -9 of both): every run cgroup
 * whose Lab (pid and start time) is gone has its processes killed and is removed. Only cgroups
 * named as the Lab names them; those of a live Lab are left alone. Returns the pids killed.
 */
export function sweepStaleRunCgroups(): number[] {
  const killed: number[] = [];
  for (const { dir } of parents().usable) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = NAME.exec(name);
      if (match === null) continue;
      const [, pid = '', startTime = ''] = match;
      if (processStartTime(Number(pid)) === startTime) continue; // that Lab is alive
      const path = join(dir, name);
      killed.push(...cgroupMembers(path));
      killCgroup(path);
      removeEmpty(path); // a dead run's processes are reaped by init soon: the next start retries
    }
  }
  return killed;
}
