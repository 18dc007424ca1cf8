// A record, on disk, of one Lab run, so that its segments survive nothing
// worse than a SIGKILL of the whole app: the next start (or `npm run
// cleanup`) removes what dead runs left behind (see sweep.ts).
//
// One file per run: <stateDir>/run-<pid>.json, written when the Lab starts,
// before any shmget, with the run's pid, its start time and uid. A kill
// between shmget and the next write still leaves a record whose pid is the
// segment's creator (cpid), so the sweep finds it. Semaphore sets are
// recorded the same way the moment semget returns; /proc/sysvipc/sem has no
// creator pid, so a set is swept only when its record was written.
//
// The learner's programs (issue 11) add their processes (pid and start time, so
// the sweep kills only those very processes) and the objects attributed to them
// (a segment with its creator pid, which is the program's, not the Lab's).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readPidStat } from '../proc/pid-stat';
import { currentUid, openStateDir } from './state-dir';

export const runRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot when the process started. */
  startTime: z.string(),
  /** When the run wrote its record (ms since the epoch); absent in records of older versions. */
  startedAtMs: z.number().optional(),
  uid: z.number().int().optional(),
  segments: z.array(
    z.object({
      shmid: z.number().int(),
      key: z.number().int(),
      /** The creator pid when it is not the run's own: a segment a program of the run made. */
      cpid: z.number().int().positive().optional(),
    }),
  ),
  /** Semaphore sets the run created; absent in records of versions without semaphores. */
  semaphores: z.array(z.object({ semid: z.number().int(), key: z.number().int() })).default([]),
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

export interface RegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** Where the one-line notices go (a fallback folder, records switched off). */
  warn?: (line: string) => void;
}

export class SegmentRegistry {
  /** The private folder holding the records, or null when none could be made. */
  readonly stateDir: string | null;
  private readonly file: string | null;
  private readonly record: RunRecord;
  private closed = false;

  /**
   * Opens the state folder (`stateDir`, else the default one, else a private
   * fallback, saying so through `warn`) and writes this run's record at once.
   */
  constructor(stateDir?: string, options: RegistryOptions = {}) {
    const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
    const env = options.env ?? process.env;
    let dir: string | null = null;
    try {
      const opened = stateDir === undefined ? openStateDir(env) : openStateDir(env, stateDir);
      if (opened.notice !== null) warn(opened.notice);
      dir = opened.dir;
    } catch (error) {
      warn(`${(error as Error).message} Running without crash records.`);
    }
    this.stateDir = dir;
    this.file = dir === null ? null : join(dir, `run-${process.pid}.json`);
    this.record = {
      pid: process.pid,
      startTime: processStartTime(process.pid) ?? '',
      startedAtMs: Date.now(),
      uid: currentUid(),
      segments: [],
      semaphores: [],
      programs: [],
    };
    this.save();
  }

  /**
   * Records a segment the moment shmget returned its id; `cpid` when a program of the run made
   * it (its creator is then that program, not the Lab).
   */
  add(shmid: number, key: number, cpid?: number): void {
    if (this.record.segments.some((segment) => segment.shmid === shmid)) return;
    this.record.segments.push(cpid === undefined ? { shmid, key } : { shmid, key, cpid });
    this.save();
  }

  /** Forgets a segment that is gone. */
  remove(shmid: number): void {
    this.record.segments = this.record.segments.filter((segment) => segment.shmid !== shmid);
    this.save();
  }

  /** Records a semaphore set the moment semget returned its id. */
  addSemaphoreSet(semid: number, key: number): void {
    if (this.record.semaphores.some((set) => set.semid === semid)) return;
    this.record.semaphores.push({ semid, key });
    this.save();
  }

  /** Forgets a semaphore set that is gone. */
  removeSemaphoreSet(semid: number): void {
    this.record.semaphores = this.record.semaphores.filter((set) => set.semid !== semid);
    this.save();
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
    if (this.file !== null) rmSync(this.file, { force: true });
  }

  private save(): void {
    // A set forgotten after close (a free run ending as the Lab stops) must not revive the record.
    if (this.file === null || this.closed) return;
    // Write-then-rename so a crash never leaves a half-written record.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.record), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
