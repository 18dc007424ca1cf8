// Which System V objects a run made, so that stopping it (or quitting) removes them.
//
// Segments: /proc/sysvipc/shm gives each segment's creator pid (cpid). A segment is the run's
// when its cpid is the pid of a process of the run (the program or a process it forked) that is
// still there, or whose end the latest look found; its creator uid is ours; and the Lab did not
// create it itself. The pid of a process that ended earlier may be another program's by now.
//
// The run's supervisor also reports segments exactly (addReported): it sees each shmget of the
// run's processes (seccomp user notification) and, while the caller still holds its pid (stopped
// in exit_group, a zombie, or alive just before the run is killed), names the segments whose
// creator is that pid and that were not there before its first shmget. That covers a child that
// made a segment and was reaped between two looks, which no look at /proc can see. It reports
// the sets such a process last operated on too (addReportedSet), which the rules below then
// judge as they judge the sets a look finds.
//
// Semaphore sets: /proc/sysvipc/sem has no creator pid, so a set is the run's only when all of
// these hold: it was not there when the run started, its creator uid is ours, the Lab did not
// create it, it was created or set (ctime) no earlier than the second the run started (less one
// second for the kernel's coarse clock), and the last semop or SETVAL on one of its semaphores
// (sempid, semctl GETPID) came from such a pid of the run. A set the program made but never
// touched (sempid 0) is not attributed: nothing proves it is the run's, and a set that is not
// provably ours is never removed.
//
// Each object is recorded in the run record the moment it is seen, so the crash sweep removes it
// if the Lab is killed before it could.
import { readSysvSemaphoresOrNone } from '../../proc/sysvipc-sem';
import { readSysvShmSync } from '../../proc/sysvipc-shm';
import { native } from '../native';
import type { SegmentRegistry } from '../registry';
import { firstCtimeOfRun } from '../registry';

export interface AttributionDeps {
  registry: SegmentRegistry | null;
  ownsSegment: (shmid: number) => boolean;
  ownsSemaphoreSet: (semid: number) => boolean;
}

export class Attribution {
  /** shmid → key of the segments attributed to the run and not removed yet. */
  readonly segments = new Map<number, number>();
  /** semid → key of the sets attributed to the run and not removed yet. */
  readonly sets = new Map<number, number>();
  private readonly setsAtStart: Set<number>;
  private readonly startedAtSec: number;
  private readonly uid = process.getuid?.() ?? -1;

  constructor(
    private readonly deps: AttributionDeps,
    startedAtMs: number,
  ) {
    this.startedAtSec = firstCtimeOfRun(startedAtMs);
    this.setsAtStart = new Set(readSysvSemaphoresOrNone().map((set) => set.semid));
  }

  /** Looks for new objects made by `pids` (the run's processes, RunProcesses.creators). */
  scan(pids: ReadonlySet<number>): void {
    let segments: ReturnType<typeof readSysvShmSync> = [];
    try {
      segments = readSysvShmSync();
    } catch {
      // /proc unreadable for a moment: the next scan looks again.
    }
    for (const row of segments) {
      if (this.segments.has(row.shmid) || !pids.has(row.cpid) || row.cuid !== this.uid) continue;
      if (this.deps.ownsSegment(row.shmid)) continue;
      this.segments.set(row.shmid, row.key);
      this.deps.registry?.add(row.shmid, row.key, row.cpid);
    }
    for (const row of readSysvSemaphoresOrNone()) {
      if (this.sets.has(row.semid) || this.setsAtStart.has(row.semid)) continue;
      if (row.cuid !== this.uid || row.ctime < this.startedAtSec) continue;
      if (this.deps.ownsSemaphoreSet(row.semid) || !this.touchedBy(row.semid, row.nsems, pids)) {
        continue;
      }
      this.sets.set(row.semid, row.key);
      this.deps.registry?.addSemaphoreSet(row.semid, row.key);
    }
  }

  /**
   * A segment the run's supervisor saw the run's process `cpid` make (its creator uid is ours:
   * the supervisor reports only those). Recorded at once, for the crash sweep.
   */
  addReported(shmid: number, key: number, cpid: number): void {
    if (this.segments.has(shmid) || this.deps.ownsSegment(shmid)) return;
    this.segments.set(shmid, key);
    this.deps.registry?.add(shmid, key, cpid);
  }

  /**
   * A set whose last semop came from the run's process `pid`, as the supervisor saw it while
   * `pid` was still that process's: the run's under the same rules as scan's (not there at the
   * start, made or set since the run started, created by our uid, not the Lab's own).
   */
  addReportedSet(semid: number, key: number): void {
    if (this.sets.has(semid) || this.setsAtStart.has(semid)) return;
    const row = readSysvSemaphoresOrNone().find((set) => set.semid === semid);
    if (row === undefined || row.key !== key || row.cuid !== this.uid) return;
    if (row.ctime < this.startedAtSec || this.deps.ownsSemaphoreSet(semid)) return;
    this.sets.set(semid, key);
    this.deps.registry?.addSemaphoreSet(semid, key);
  }

  /** Removes (IPC_RMID) every attributed object still there; returns the ids removed. */
  removeAll(): { segments: number[]; sets: number[] } {
    const removed = { segments: [] as number[], sets: [] as number[] };
    for (const shmid of this.segments.keys()) {
      try {
        native.shmctl(shmid, 'IPC_RMID');
        removed.segments.push(shmid);
      } catch {
        // Already removed (by the program itself, or the learner): nothing to report.
      }
      this.deps.registry?.remove(shmid);
    }
    for (const semid of this.sets.keys()) {
      try {
        native.semctl(semid, 0, 'IPC_RMID');
        removed.sets.push(semid);
      } catch {
        // Already removed.
      }
      this.deps.registry?.removeSemaphoreSet(semid);
    }
    this.segments.clear();
    this.sets.clear();
    return removed;
  }

  private touchedBy(semid: number, nsems: number, pids: ReadonlySet<number>): boolean {
    try {
      for (let semnum = 0; semnum < nsems; semnum++) {
        if (pids.has(native.semctl(semid, semnum, 'GETPID'))) return true;
      }
    } catch {
      // Removed meanwhile, or not readable by us: not provably the run's.
    }
    return false;
  }
}
