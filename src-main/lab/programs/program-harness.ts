// Test helper: compiles the C fixtures through a real Lab and follows a run's events (output,
// processes, exits) so a test can wait for what the program printed or did; reads the run
// record and /proc/<pid>/stat's start time.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ProgramExitedEvent, ProgramProcess, ProgramRun } from '../../common/api';
import { hasCompiler } from '../../proc/fixtures/ipc-peer';
import type { Lab } from '../lab';
import { runRecordSchema } from '../registry';

export { hasCompiler };
/** Why the tests that compile and run programs skip. */
export const NO_CC = 'needs a C compiler (`cc`) on PATH to build the programs it runs';

/** Compiles fixtures/<name> in `lab`; returns the programId (the compile must succeed). */
export async function compileFixture(lab: Lab, name: string): Promise<string> {
  const source = readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
  const result = await lab.compileProgram({ source });
  expect(result.output).toBe('');
  expect(result.ok).toBe(true);
  return result.programId ?? '';
}

/** Everything a Lab reported about its runs, and ways to wait for it. */
export class RunWatch {
  readonly output = new Map<number, string>();
  /** The length of each programOutput event, by run. */
  readonly eventLengths = new Map<number, number[]>();
  readonly processes = new Map<number, ProgramProcess[][]>();
  readonly exits: ProgramExitedEvent[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(lab: Lab) {
    lab.on('programOutput', (event) => {
      this.output.set(event.runId, (this.output.get(event.runId) ?? '') + event.data);
      this.eventLengths.set(event.runId, [
        ...(this.eventLengths.get(event.runId) ?? []),
        event.data.length,
      ]);
      this.wake();
    });
    lab.on('programProcesses', (event) => {
      const lists = this.processes.get(event.runId) ?? [];
      lists.push(event.processes);
      this.processes.set(event.runId, lists);
      this.wake();
    });
    lab.on('programExited', (event) => {
      this.exits.push(event);
      this.wake();
    });
  }

  /** Resolves with `probe`'s first non-undefined answer, re-asked at every event. */
  until<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = probe();
        if (value === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      this.waiters.add(check);
      check();
    });
  }

  /** The first match of `pattern` in the run's output. */
  printed(run: ProgramRun, pattern: RegExp, ms?: number): Promise<RegExpExecArray> {
    return this.until(
      `${String(pattern)} in the output of run ${run.runId}`,
      () => pattern.exec(this.output.get(run.runId) ?? '') ?? undefined,
      ms,
    );
  }

  /** The exit event of `pid` in the run. */
  exitOf(run: ProgramRun, pid: number, ms?: number): Promise<ProgramExitedEvent> {
    return this.until(
      `the exit of pid ${pid}`,
      () => this.exits.find((event) => event.runId === run.runId && event.pid === pid),
      ms,
    );
  }

  /** The event that ended the run. */
  over(run: ProgramRun, ms?: number): Promise<ProgramExitedEvent> {
    return this.until(
      `the end of run ${run.runId}`,
      () => this.exits.find((event) => event.runId === run.runId && event.runOver),
      ms,
    );
  }

  /** The first process list of the run that satisfies `match`. */
  listed(
    run: ProgramRun,
    match: (processes: ProgramProcess[]) => boolean,
    ms?: number,
  ): Promise<ProgramProcess[]> {
    return this.until(
      `a matching process list of run ${run.runId}`,
      () => this.processes.get(run.runId)?.find(match),
      ms,
    );
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}

/** Whether `pid` is alive: it exists and is not a zombie (a zombie has ended). */
export function isLiveProcess(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The program processes the Lab of this test process has in its run record in `stateDir`. */
export function recordedPrograms(stateDir: string): { pid: number; startTime: string }[] {
  const file = join(stateDir, `run-${process.pid}.json`);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return record.programs.map(({ pid, startTime }) => ({ pid, startTime }));
}

/** Field 22 of /proc/<pid>/stat: with the pid, it names one process. */
export function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

/**
 * The live processes whose argv holds `marker` (a zombie's cmdline is empty): every process of a
 * run started with it as an argument, wherever it went (another session, reparented to init).
 * The run's supervisor has it too (after its own options): counted only `withSupervisor`.
 */
export function processesMarked(marker: string, withSupervisor = false): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!withSupervisor && argv[0]?.endsWith('/shmlab-supervisor') === true) continue;
      if (argv.includes(marker)) {
        found.push(Number(name));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** SIGKILL to every process marked with `marker` (after a failed test), until none is left. */
export function killMarked(marker: string): void {
  for (let round = 0; round < 50; round++) {
    const marked = processesMarked(marker, true);
    if (marked.length === 0) return;
    for (const pid of marked) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
}

/** A marker no other process has in its argv. */
export function newMarker(): string {
  return `shmlab-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
}

/** Resolves once `condition` holds; rejects after `ms` naming `what`. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
