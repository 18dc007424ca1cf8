// The crash sweep: removes the segments and semaphore sets of Lab runs that were killed before
// they could clean up. It trusts a record only in a private folder of ours, only when the file
// is ours and writable by no one else, and only for a run of this boot whose host is not alive
// (a live process with the recorded pid but another start time is not the host: the pid was
// used again). It removes only what the record names, and only while the kernel still shows the
// very object recorded: the same id, key, creator uid, creator pid (segments) and change time.
// A segment another program made with a reused pid, or an id the kernel gave again, fails one of
// these and is left alone; so is a segment the run made but could not record (killed between
// shmget and the write), which is reported as unclaimed instead. Records of another boot name
// objects that are gone: they are dropped.
// Learner's programs (issue 11): each recorded process still alive with its recorded start time
// gets SIGKILL (a pid reused by another process has another start time and is left alone); the
// segments recorded with a creator pid are checked against that pid as above.
import { lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { ShmKernel } from './kernel';
import { nativeKernel } from './kernel';
import { readSysvSemaphoresOrNone } from '../proc/sysvipc-sem';
import { readPidStat } from '../proc/pid-stat';
import { native } from './native';
import { bootId } from './object-identity';
import { PROGRAMS_DIR_PREFIX } from './programs/workspace';
import type { RunRecord } from './registry';
import { firstCtimeOfRun, processStartTime, runRecordSchema } from './registry';
import { currentUid, unsafeFolderReason } from './state-dir';

export interface SweepReport {
  /** Segments of dead runs that were removed. */
  removed: number[];
  /** Recorded segments already gone or no longer the recorded ones (left alone). */
  skipped: number[];
  /**
   * Segments a dead run's pid created after the run started that its record does not name: the
   * run's if it was killed between shmget and the record, or another program's that got the pid
   * later. Nothing tells which, so they are left alone and reported.
   */
  unclaimed: number[];
  /** Semaphore sets of dead runs that were removed. */
  removedSets: number[];
  /** Recorded sets already gone or no longer the recorded ones (left alone). */
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

/**
 * Removes what a dead run of this boot recorded and the kernel still shows as recorded: same
 * key, our uid, the recorded creator and change time. A record without a change time (an older
 * version's) proves nothing, and its object is left alone.
 */
function sweepRun(record: RunRecord, kernel: ShmKernel, uid: number, report: SweepReport): void {
  killPrograms(record, report);
  const table = kernel.table();
  const recorded = new Set(record.segments.map((segment) => segment.shmid));
  for (const segment of record.segments) {
    const row = table.find((candidate) => candidate.shmid === segment.shmid);
    const same =
      row !== undefined &&
      segment.ctime !== undefined &&
      row.ctime === segment.ctime &&
      row.key === segment.key &&
      row.cuid === uid &&
      row.cpid === (segment.cpid ?? record.pid);
    try {
      if (!same) throw new Error('not the recorded segment');
      kernel.remove(segment.shmid);
      report.removed.push(segment.shmid);
    } catch {
      report.skipped.push(segment.shmid);
    }
  }
  if (record.startedAtMs !== undefined) {
    const since = firstCtimeOfRun(record.startedAtMs);
    for (const row of table) {
      if (row.cpid !== record.pid || row.cuid !== uid || recorded.has(row.shmid)) continue;
      if (row.ctime >= since) report.unclaimed.push(row.shmid);
    }
  }
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

/** Removes the sets a dead run recorded while each is still the one recorded, as segments. */
function sweepSets(record: RunRecord, uid: number, report: SweepReport): void {
  if (record.semaphores.length === 0) return;
  const table = readSysvSemaphoresOrNone();
  for (const recorded of record.semaphores) {
    const row = table.find((set) => set.semid === recorded.semid);
    const same =
      row !== undefined &&
      recorded.ctime !== undefined &&
      row.ctime === recorded.ctime &&
      row.cuid === uid &&
      row.key === recorded.key;
    try {
      if (!same) throw new Error('not the recorded set');
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
    unclaimed: [],
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
    // A run of another boot: its objects went with that boot, and its pids and start times
    // name other processes now. An older record says no boot: only what it proves is done.
    const thisBoot = record.bootId === undefined || record.bootId === bootId();
    if (thisBoot && processStartTime(record.pid) === record.startTime) {
      report.liveRuns.push(record.pid);
      continue;
    }
    if (thisBoot) sweepRun(record, kernel, uid, report);
    rmSync(file, { force: true });
  }
  return report;
}
