// A record, on disk, of every segment a Lab run created, so that segments
// survive nothing worse than a SIGKILL of the whole app: the next start (or
// `npm run cleanup`) removes what dead runs left behind.
//
// One file per run: <stateDir>/run-<pid>.json with the owner's pid and its
// start time (so a recycled pid is not mistaken for the owner). A segment is
// removed only if it still has the recorded shmid and its creator pid (cpid)
// is the recorded owner: segments of other programs are never touched.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readPidStat } from '../proc/pid-stat';
import { native } from './native';

interface RunRecord {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
  startTime: string;
  segments: { shmid: number; key: number }[];
}

export interface SweepReport {
  /** Segments of dead runs that were removed. */
  removed: number[];
  /** Recorded segments already gone or no longer ours (left alone). */
  skipped: number[];
  /** Runs still alive, whose records were kept. */
  liveRuns: number[];
}

/** $SHMLAB_STATE_DIR, else $XDG_STATE_HOME/shmlab, else ~/.local/state/shmlab. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHMLAB_STATE_DIR) return env.SHMLAB_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'shmlab');
}

/** The start time of a process, or null when it does not exist. */
export function processStartTime(pid: number): string | null {
  return readPidStat(pid)?.[19] ?? null;
}

export class SegmentRegistry {
  private readonly file: string;
  private readonly record: RunRecord;

  constructor(readonly stateDir: string = defaultStateDir()) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.file = join(stateDir, `run-${process.pid}.json`);
    this.record = {
      pid: process.pid,
      startTime: processStartTime(process.pid) ?? '',
      segments: [],
    };
  }

  /** Records a segment right after shmget created it. */
  add(shmid: number, key: number): void {
    this.record.segments.push({ shmid, key });
    this.save();
  }

  /** Forgets a segment that is gone. */
  remove(shmid: number): void {
    this.record.segments = this.record.segments.filter((segment) => segment.shmid !== shmid);
    this.save();
  }

  /** Deletes this run's record (after a clean shutdown). */
  close(): void {
    rmSync(this.file, { force: true });
  }

  private save(): void {
    // Write-then-rename so a crash never leaves a half-written record.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.record), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

function isOwnerAlive(record: RunRecord): boolean {
  const startTime = processStartTime(record.pid);
  return startTime !== null && startTime === record.startTime;
}

/** Removes the segments of every dead run recorded in `stateDir`. */
export function sweepDeadRuns(stateDir: string = defaultStateDir()): SweepReport {
  const report: SweepReport = { removed: [], skipped: [], liveRuns: [] };
  let names: string[];
  try {
    names = readdirSync(stateDir);
  } catch {
    return report; // no state dir: nothing was ever recorded
  }
  for (const name of names) {
    if (!/^run-\d+\.json$/.test(name)) continue;
    const file = join(stateDir, name);
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
    } catch {
      rmSync(file, { force: true }); // unreadable: a crash mid-write of an older format
      continue;
    }
    if (record.pid === process.pid) continue;
    if (isOwnerAlive(record)) {
      report.liveRuns.push(record.pid);
      continue;
    }
    for (const { shmid } of record.segments) {
      if (removeIfOurs(shmid, record.pid)) report.removed.push(shmid);
      else report.skipped.push(shmid);
    }
    rmSync(file, { force: true });
  }
  return report;
}

function removeIfOurs(shmid: number, ownerPid: number): boolean {
  try {
    const stat = native.shmctl(shmid, 'IPC_STAT');
    if (stat.cpid !== ownerPid) return false;
    native.shmctl(shmid, 'IPC_RMID');
    return true;
  } catch {
    return false; // already gone, or not ours to stat
  }
}
