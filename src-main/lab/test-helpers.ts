// Helpers for tests that drive a real Lab with real children.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../common/channels';
import type { LabEventMap } from '../common/api';
import type { LabOptions } from './lab-parts';
import { Lab } from './lab';
import { native } from './native';
import { NodeChildHost } from './node-child-host';
import { SegmentRegistry } from './registry';

export interface TestLab {
  lab: Lab;
  stateDir: string;
  close(): Promise<void>;
}

/** Starts a Lab whose crash records go to a fresh temporary folder. */
export async function startTestLab(
  options: Partial<
    Pick<LabOptions, 'requestTimeoutMs' | 'lookWaitMs' | 'warn' | 'programs' | 'runPrograms'>
  > = {},
): Promise<TestLab> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-state-'));
  const lab = await Lab.start({
    host: new NodeChildHost(),
    hostKind: 'web',
    registry: new SegmentRegistry(stateDir),
    statPollMs: 100,
    ...options,
  });
  return {
    lab,
    stateDir,
    close: async () => {
      await lab.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first event that satisfies `match`, or rejects after `ms`. */
export function nextEvent<E extends EventName>(
  lab: Lab,
  event: E,
  match: (payload: LabEventMap[E]) => boolean,
  ms = 5000,
): Promise<LabEventMap[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching ${event} event within ${ms} ms`));
    }, ms);
    const unsubscribe = lab.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(payload);
    });
  });
}

/** The shmids listed in /proc/sysvipc/shm right now. */
export async function listedShmids(): Promise<Set<number>> {
  const { readSysvShm } = await import('../proc/sysvipc-shm');
  return new Set((await readSysvShm()).map((segment) => segment.shmid));
}

/** Whether a process exists (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs a fixture under tsx to its end; resolves with its stdout, stderr and exit code. */
export function runFixture(
  name: string,
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; wrapper?: string[] } = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const script = join(import.meta.dirname, 'fixtures', name);
  const [file, ...rest] = [...(options.wrapper ?? []), process.execPath, '--import', 'tsx', script];
  return new Promise((resolve, reject) => {
    const child = spawn(file!, [...rest, ...args], {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/** A segment left behind by another real process (see fixtures/foreign-segment.ts). */
export async function makeForeignSegment(
  key = 0,
  mode = 0o600,
): Promise<{ shmid: number; pid: number }> {
  const run = await runFixture('foreign-segment.ts', [String(key), mode.toString(8)]);
  if (run.code !== 0) throw new Error(`foreign-segment fixture failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { shmid: number; pid: number };
}

/** What a test file made that must not outlive its tests, whatever they ended in. */
export interface Leftovers {
  /** Segments to remove (IPC_RMID) after each test, if a test did not already. */
  segments: number[];
  /** Semaphore sets to remove (IPC_RMID) after each test, if a test did not already. */
  sets: number[];
  /** Folders to delete after each test. */
  dirs: string[];
  /**
   * Processes to kill (SIGKILL) after each test, before anything else is removed: a test that
   * fails before its own kill must not leave a Lab run and its children watching forever.
   * A process group when negative, as for kill(2).
   */
  processes: number[];
}

/**
 * Registers an afterEach that removes what each test pushed into the returned lists, so a
 * failing test leaks neither segments, semaphore sets nor temp folders.
 */
export function trackLeftovers(): Leftovers {
  const leftovers: Leftovers = { segments: [], sets: [], dirs: [], processes: [] };
  afterEach(() => {
    for (const pid of leftovers.processes.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: what the test wanted.
      }
    }
    for (const shmid of leftovers.segments.splice(0)) {
      try {
        native.shmctl(shmid, 'IPC_RMID');
      } catch {
        // Already gone: what the test wanted.
      }
    }
    for (const semid of leftovers.sets.splice(0)) {
      try {
        native.semctl(semid, 0, 'IPC_RMID');
      } catch {
        // Already gone: what the test wanted.
      }
    }
    for (const dir of leftovers.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return leftovers;
}

/** The semids listed in /proc/sysvipc/sem right now. */
export async function listedSemids(): Promise<Set<number>> {
  const { readSysvSemaphores } = await import('../proc/sysvipc-sem');
  return new Set((await readSysvSemaphores()).map((set) => set.semid));
}

/** A page-sized segment the Lab creates, attached read-write in A and B; returns its shmid. */
export async function attachBoth(lab: Lab): Promise<number> {
  const segment = await lab.createSegment({
    key: 0,
    size: native.constants.pageSize,
    create: true,
    exclusive: false,
    mode: 0o600,
  });
  for (const name of ['A', 'B'] as const) {
    await lab.attach({
      process: name,
      shmid: segment.shmid,
      readOnly: false,
      round: false,
      writeForeign: false,
    });
  }
  return segment.shmid;
}
