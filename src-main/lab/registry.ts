// A record, on disk, of one Lab run, so that its segments survive nothing
// worse than a SIGKILL of the whole app: the next start (or `npm run
// cleanup`) removes what dead runs left behind (see sweep.ts).
//
// One file per run: <stateDir>/run-<pid>.json, written when the Lab starts,
// before any shmget, with the run's pid, its start time, uid and boot. Each
// segment and semaphore set is recorded the moment its get call returns, with
// what tells it from a later object with the same id: its key, its creator
// and its change time (ctime) as the kernel shows it then, kept current while
// the run lives (an IPC_SET or SETVAL changes it): at once for what the Lab
// changes or watches, within FOLLOW_ALL_MS for the rest.
//
// The record serves the crash sweep only. What the run removes when it stops
// is what its books hold in memory, written or not: a record that cannot be
// written (a full disk) turns crash records off, says so in one line, and is
// written again at the next change or look.
//
// The learner's programs (issue 11) add their processes (pid and start time, so
// the sweep kills only those very processes) and the objects attributed to them
// (a segment with its creator pid, which is the program's, not the Lab's).
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readPidStat } from '../proc/pid-stat';
import type { ObjectIdentity } from './object-identity';
import { bootId, segmentIdentity, setIdentity } from './object-identity';
import { currentUid, openStateDir } from './state-dir';

/** The kernel's change time when recorded; absent in records of older versions (never swept). */
const ctime = z.number().int().optional();

export const runRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
  startTime: z.string(),
  /** /proc/sys/kernel/random/boot_id when the run wrote its record; absent in older records. */
  bootId: z.string().optional(),
  /** When the run wrote its record (ms since the epoch); absent in records of older versions. */
  startedAtMs: z.number().optional(),
  uid: z.number().int().optional(),
  segments: z.array(
    z.object({
      shmid: z.number().int(),
      key: z.number().int(),
      /** The creator pid when it is not the run's own: a segment a program of the run made. */
      cpid: z.number().int().positive().optional(),
      ctime,
    }),
  ),
  /** Semaphore sets the run created; absent in records of versions without semaphores. */
  semaphores: z
    .array(z.object({ semid: z.number().int(), key: z.number().int(), ctime }))
    .default([]),
  /**
   * Processes of the learner's programs that have not ended (issue 11), and ended ones that lead
   * a group while the run goes on: killed by the sweep (a leader with its group).
   */
  programs: z
    .array(
      z.object({
        pid: z.number().int().positive(),
        startTime: z.string(),
        /** Its process group; pgid = pid for the program itself, which leads its group. */
        pgid: z.number().int().positive().optional(),
      }),
    )
    .default([]),
  /** The private folder of the learner's programs (issue 11), removed by the sweep. */
  programsDir: z.string().optional(),
});

export type RunRecord = z.infer<typeof runRecordSchema>;

/**
 * The earliest ctime (kernel seconds) an object made by a run that started at `startedAtMs`
 * (Date.now()) can carry. The kernel stamps ctime from its coarse clock, which may still show
 * the last second for a tick after Date.now() has passed into the next: one second of slack,
 * else an object made at once could look older than the run.
 */
export function firstCtimeOfRun(startedAtMs: number): number {
  return Math.floor(startedAtMs / 1000) - 1;
}

/** The start time of a process, or null when it does not exist. */
export function processStartTime(pid: number): string | null {
  return readPidStat(pid)?.[19] ?? null;
}

/** Whether `now` is still the object recorded as `key` (and made by `cpid`, for a segment). */
function sameObject(now: ObjectIdentity | null, key: number, cpid: number | null): boolean {
  return now !== null && now.key === key && (cpid === null || now.cpid === cpid);
}

/** How often the Lab's look re-reads the ctime of every recorded object (ms). */
export const FOLLOW_ALL_MS = 5000;

export interface RegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the one-line notices go (a fallback folder, records switched off and on). */
  warn?: (line: string) => void;
}

export class SegmentRegistry {
  /** The private folder holding the records, or null when none could be made. */
  readonly stateDir: string | null;
  private readonly file: string | null;
  private readonly record: RunRecord;
  private readonly warn: (line: string) => void;
  private readonly listeners = new Set<(off: string | null) => void>();
  private closed = false;
  /** The line saying crash records are off, while they are; null while the record is written. */
  private off: string | null = null;
  /** When followKernel last re-read every recorded object's ctime (ms since the epoch). */
  private followedAtMs = Date.now();

  /**
   * Opens the state folder (`stateDir`, else the default one, else a private
   * fallback, saying so through `warn`) and writes this run's record at once.
   * Never throws: without a folder or a writable record, crash records are off.
   */
  constructor(stateDir?: string, options: RegistryOptions = {}) {
    this.warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    const env = options.env ?? process.env;
    let dir: string | null = null;
    try {
      const opened = stateDir === undefined ? openStateDir(env) : openStateDir(env, stateDir);
      if (opened.notice !== null) this.warn(opened.notice);
      dir = opened.dir;
    } catch (error) {
      this.off = `ShmLab: crash records are off: ${(error as Error).message}`;
      this.warn(this.off);
    }
    this.stateDir = dir;
    this.file = dir === null ? null : join(dir, `run-${process.pid}.json`);
    this.record = {
      pid: process.pid,
      startTime: processStartTime(process.pid) ?? '',
      ...(bootId() === null ? {} : { bootId: bootId()! }),
      startedAtMs: Date.now(),
      uid: currentUid(),
      segments: [],
      semaphores: [],
      programs: [],
    };
    this.save();
  }

  /** The line saying crash records are off (shown once to the user), or null while they are on. */
  crashRecordsOff(): string | null {
    return this.off;
  }

  /** Calls `listener` each time crash records go off (with the line) or on again (null). */
  onCrashRecordsChanged(listener: (off: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records a segment the moment shmget returned its id, with its ctime; `cpid` when a program of
   * the run made it (its creator is then that program, not the Lab).
   */
  add(shmid: number, key: number, cpid?: number): void {
    if (this.record.segments.some((segment) => segment.shmid === shmid)) return;
    const now = segmentIdentity(shmid);
    const made = sameObject(now, key, cpid ?? process.pid) ? { ctime: now!.ctime } : {};
    this.record.segments.push({ shmid, key, ...(cpid === undefined ? {} : { cpid }), ...made });
    this.save();
  }

  /** Forgets a segment that is gone. */
  remove(shmid: number): void {
    this.record.segments = this.record.segments.filter((segment) => segment.shmid !== shmid);
    this.save();
  }

  /** Records a semaphore set the moment semget returned its id, with its ctime. */
  addSemaphoreSet(semid: number, key: number): void {
    if (this.record.semaphores.some((set) => set.semid === semid)) return;
    const now = setIdentity(semid);
    const made = sameObject(now, key, null) ? { ctime: now!.ctime } : {};
    this.record.semaphores.push({ semid, key, ...made });
    this.save();
  }

  /** Forgets a semaphore set that is gone. */
  removeSemaphoreSet(semid: number): void {
    this.record.semaphores = this.record.semaphores.filter((set) => set.semid !== semid);
    this.save();
  }

  /**
   * A segment the Lab watches changed (its look re-read IPC_STAT): the record follows its ctime
   * (an IPC_SET moves it) at no cost of its own.
   */
  segmentChanged(shmid: number, now: ObjectIdentity): void {
    const segment = this.record.segments.find((recorded) => recorded.shmid === shmid);
    if (segment === undefined || !sameObject(now, segment.key, segment.cpid ?? process.pid)) return;
    if (now.ctime === segment.ctime) return;
    segment.ctime = now.ctime;
    this.save();
  }

  /** The Lab made a SETVAL on set `semid`: the record follows its ctime at once. */
  setChanged(semid: number): void {
    const set = this.record.semaphores.find((recorded) => recorded.semid === semid);
    const now = set === undefined ? null : setIdentity(semid);
    if (set === undefined || !sameObject(now, set.key, null) || now!.ctime === set.ctime) return;
    set.ctime = now!.ctime;
    this.save();
  }

  /**
   * The Lab's look (every 500 ms): writes the record again if the last write failed, and every
   * {@link FOLLOW_ALL_MS} re-reads the ctime of every recorded object, for the changes no one
   * reports (a program's IPC_SET or SETVAL, the free run's lock). IPC_STAT through the addon
   * costs some 25 µs an object: not at every look.
   */
  followKernel(nowMs: number = Date.now()): void {
    if (this.file === null || this.closed) return;
    let changed = false;
    if (nowMs - this.followedAtMs >= FOLLOW_ALL_MS) {
      this.followedAtMs = nowMs;
      for (const segment of this.record.segments) {
        const now = segmentIdentity(segment.shmid);
        if (!sameObject(now, segment.key, segment.cpid ?? process.pid)) continue;
        if (now!.ctime === segment.ctime) continue;
        segment.ctime = now!.ctime;
        changed = true;
      }
      for (const set of this.record.semaphores) {
        const now = setIdentity(set.semid);
        if (!sameObject(now, set.key, null) || now!.ctime === set.ctime) continue;
        set.ctime = now!.ctime;
        changed = true;
      }
    }
    if (changed || this.off !== null) this.save();
  }

  /**
   * Records processes of a learner's program the moment they are seen, and forgets those that
   * ended, in one write. Each is named by pid and start time: a pid used again is a new process.
   */
  updateProgramProcesses(
    seen: readonly { pid: number; startTime: string; pgid: number }[],
    ended: readonly { pid: number; startTime: string }[],
  ): void {
    const identity = (program: { pid: number; startTime: string }): string =>
      `${program.pid}/${program.startTime}`;
    const gone = new Set(ended.map(identity));
    const kept = this.record.programs.filter((program) => !gone.has(identity(program)));
    const known = new Set(kept.map(identity));
    const added = seen.filter(
      (program) => !known.has(identity(program)) && !gone.has(identity(program)),
    );
    if (added.length === 0 && kept.length === this.record.programs.length) return;
    this.record.programs = [...kept, ...added];
    this.save();
  }

  /** Records the private folder of the learner's programs the moment it is made. */
  setProgramsDir(dir: string): void {
    this.record.programsDir = dir;
    this.save();
  }

  /** Deletes this run's record (after a clean shutdown); later changes are not written. */
  close(): void {
    this.closed = true;
    if (this.file === null) return;
    try {
      rmSync(this.file, { force: true });
    } catch {
      // Left for the sweep, which finds this run ended and its objects gone.
    }
  }

  /**
   * Writes the record; never throws. A failed write turns crash records off (one line, once),
   * and the next change or look tries again; a write that works turns them back on.
   */
  private save(): void {
    // A set forgotten after close (a free run ending as the Lab stops) must not revive the record.
    if (this.file === null || this.closed) return;
    // Write-then-rename so a crash never leaves a half-written record.
    const temporary = `${this.file}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify(this.record), { mode: 0o600 });
      renameSync(temporary, this.file);
    } catch (error) {
      removePartial(temporary);
      this.turn(
        `ShmLab: crash records are off (cannot write ${this.file}: ${describe(error)}); ` +
          'what this run creates is still removed when it stops, but not after a kill -9.',
      );
      return;
    }
    if (this.off !== null) this.turn(null);
  }

  private turn(off: string | null): void {
    if (off !== null && this.off !== null) return; // said once: still off
    this.off = off;
    this.warn(off ?? `ShmLab: crash records are on again (${this.file} written).`);
    for (const listener of this.listeners) listener(off);
  }
}

/** Removes what a failed write left of the temporary file, only if it is a plain file of ours. */
function removePartial(temporary: string): void {
  try {
    if (lstatSync(temporary).isFile()) rmSync(temporary, { force: true });
  } catch {
    // Never made.
  }
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? code : String(message ?? error);
}
