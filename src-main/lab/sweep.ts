// The crash sweep: removes the segments of Lab runs that were killed before
// they could clean up. It trusts a record only in a private folder of ours,
// only when the file is ours and writable by no one else, and removes only
// segments created by the dead run's pid, as our uid: recorded ones, and
// (for a kill between shmget and the record) any made after the run started.
// Semaphore sets: only recorded ones, still created by our uid with the
// recorded key and changed no earlier than the run started (a reused id).
// Learner's programs (issue 11): each recorded process still alive with its recorded start time
// gets SIGKILL (a pid reused by another process has another start time and is left alone); the
// segments recorded with a creator pid are removed when the kernel still shows that creator,
// that key and our uid.
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ShmKernel } from './kernel';
import { nativeKernel } from './kernel';
import { readSysvSemaphoresOrNone } from '../proc/sysvipc-sem';
import { readPidStat } from '../proc/pid-stat';
import { native } from './native';
import { PROGRAMS_DIR_PREFIX } from './programs/workspace';
import type { RunRecord } from './registry';
import { firstCtimeOfRun, processStartTime, runRecordSchema } from './registry';
import { currentUid, unsafeFolderReason } from './state-dir';

export interface SweepReport {
  /** Segments of dead runs that were removed. */
  removed: number[];
  /** Recorded segments already gone or no longer ours (left alone). */
  skipped: number[];
  /** Semaphore sets of dead runs that were removed. */
  removedSets: number[];
  /** Recorded sets already gone or no longer ours (left alone). */
  skippedSets: number[];
  /** Private folders of learner's programs (issue 11) of dead runs that were removed. */
  removedDirs: string[];
  /** Processes of learner's programs (issue 11) of dead runs that were killed. */
  killedPrograms: number[];
  /** Runs still alive, whose records were kept. */
  liveRuns: number[];
  /** Records (or the folder) not trusted, each with the reason; nothing was removed for them. */
  refused: string[];
}

function unsafeRecordReason(file: string, uid: number): string | null {
  const stat = lstatSync(file);
  if (!stat.isFile()) return `${file} is not a regular file`;
  if (stat.uid !== uid) return `${file} belongs to uid ${stat.uid}, not to us (uid ${uid})`;
  if ((stat.mode & 0o022) !== 0) {
    return `${file} is writable by others (mode ${(stat.mode & 0o777).toString(8)})`;
  }
  return null;
}

function readRecord(file: string): RunRecord | null {
  try {
    const parsed = runRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the segments a dead run created; returns the ids removed and the recorded ones left. */
function sweepRun(record: RunRecord, kernel: ShmKernel, uid: number, report: SweepReport): void {
  killPrograms(record, report);
  const recorded = new Set(record.segments.map((segment) => segment.shmid));
  const madeByPrograms = new Map(
    record.segments.flatMap((segment) =>
      segment.cpid === undefined ? [] : [[segment.shmid, segment] as const],
    ),
  );
  // A live process with the run's pid is someone else now (pid reuse): its
  // segments are its own, so only the ids the run recorded are considered.
  const pidReused = processStartTime(record.pid) !== null;
  const since =
    record.startedAtMs === undefined || pidReused ? null : firstCtimeOfRun(record.startedAtMs);
  for (const row of kernel.table()) {
    const program = madeByPrograms.get(row.shmid);
    const madeByProgram =
      program !== undefined && row.cpid === program.cpid && row.key === program.key;
    if ((row.cpid !== record.pid && !madeByProgram) || row.cuid !== uid) continue;
    const madeByRun =
      madeByProgram || recorded.has(row.shmid) || (since !== null && row.ctime >= since);
    if (!madeByRun) continue;
    try {
      kernel.remove(row.shmid);
      report.removed.push(row.shmid);
      recorded.delete(row.shmid);
    } catch {
      // Removed meanwhile, or no longer ours to remove: left alone.
    }
  }
  report.skipped.push(...recorded);
  sweepSets(record, uid, report);
  removeProgramsDir(record, uid, report);
}

/**
 * Removes the dead run's programs folder: only a real folder (not a link) named as the Lab names
 * them, directly in the temp folder, owned by us and closed to others, as mkdtemp made it.
 */
function removeProgramsDir(record: RunRecord, uid: number, report: SweepReport): void {
  const dir = record.programsDir;
  if (dir === undefined) return;
  const named = dirname(dir) === resolve(tmpdir()) && basename(dir).startsWith(PROGRAMS_DIR_PREFIX);
  try {
    const stat = lstatSync(dir);
    if (!named || !stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return;
    rmSync(dir, { recursive: true, force: true });
    report.removedDirs.push(dir);
  } catch {
    // Already gone.
  }
}

/**
 * SIGKILL to each recorded program process that is still the same process (pid + start time),
 * and to the whole group of one that leads its group (the program: what it forked after the
 * last record is in that group too).
 */
function killPrograms(record: RunRecord, report: SweepReport): void {
  // Looked at before any is killed: killing a group turns its members into zombies.
  const found = record.programs.flatMap((program) => {
    const stat = readPidStat(program.pid);
    if (stat?.[19] !== program.startTime) return [];
    // A zombie has ended; as a group leader it still holds its group, whose members are killed.
    const zombie = stat[0] === 'Z';
    const leader = program.pgid === program.pid;
    return zombie && !leader ? [] : [{ pid: program.pid, zombie, leader }];
  });
  for (const { pid, zombie, leader } of found) {
    try {
      process.kill(leader ? -pid : pid, 'SIGKILL');
    } catch {
      // Gone meanwhile, or not ours to signal.
    }
    if (!zombie) report.killedPrograms.push(pid);
  }
}

/**
 * Removes the sets a dead run recorded. The table has no creator pid, so each must still match
 * its record (id, key, created by our uid) and have changed no earlier than the run started:
 * an id the kernel gave to another program's set after the run died fails one of these.
 */
function sweepSets(record: RunRecord, uid: number, report: SweepReport): void {
  if (record.semaphores.length === 0) return;
  const since = record.startedAtMs === undefined ? null : firstCtimeOfRun(record.startedAtMs);
  const table = readSysvSemaphoresOrNone();
  for (const recorded of record.semaphores) {
    const row = table.find((set) => set.semid === recorded.semid);
    const ours =
      row !== undefined &&
      row.cuid === uid &&
      row.key === recorded.key &&
      (since === null || row.ctime >= since);
    try {
      if (!ours) throw new Error('not ours');
      native.semctl(recorded.semid, 0, 'IPC_RMID');
      report.removedSets.push(recorded.semid);
    } catch {
      report.skippedSets.push(recorded.semid);
    }
  }
}

/** Removes the segments of every dead run recorded in `stateDir`. */
export function sweepDeadRuns(stateDir: string, kernel: ShmKernel = nativeKernel): SweepReport {
  const report: SweepReport = {
    removed: [],
    skipped: [],
    removedSets: [],
    skippedSets: [],
    removedDirs: [],
    killedPrograms: [],
    liveRuns: [],
    refused: [],
  };
  const uid = currentUid();
  let names: string[];
  try {
    const folderProblem = unsafeFolderReason(stateDir, uid);
    if (folderProblem !== null) {
      report.refused.push(folderProblem);
      return report;
    }
    names = readdirSync(stateDir);
  } catch {
    return report; // no state folder: nothing was ever recorded
  }
  for (const name of names.sort()) {
    if (!/^run-\d+\.json$/.test(name)) continue;
    const file = join(stateDir, name);
    let problem: string | null;
    try {
      problem = unsafeRecordReason(file, uid);
    } catch {
      continue; // removed meanwhile (its run closed cleanly)
    }
    if (problem !== null) {
      report.refused.push(problem);
      continue;
    }
    const record = readRecord(file);
    if (record === null) {
      rmSync(file, { force: true }); // ours but unreadable: a crash mid-write of an older format
      continue;
    }
    if (record.pid === process.pid) continue;
    if (record.uid !== undefined && record.uid !== uid) {
      report.refused.push(`${file} records a run of uid ${record.uid}, not ours (uid ${uid})`);
      continue;
    }
    if (processStartTime(record.pid) === record.startTime) {
      report.liveRuns.push(record.pid);
      continue;
    }
    sweepRun(record, kernel, uid, report);
    rmSync(file, { force: true });
  }
  return report;
}
