// Helpers for tests that drive a real Lab with real children.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName } from '../common/channels';
import type { LabEventMap } from '../common/api';
import { Lab } from './lab';
import { NodeChildHost } from './node-child-host';
import { SegmentRegistry } from './registry';

export interface TestLab {
  lab: Lab;
  stateDir: string;
  close(): Promise<void>;
}

/** Starts a Lab whose crash records go to a fresh temporary folder. */
export async function startTestLab(): Promise<TestLab> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-state-'));
  const lab = await Lab.start({
    host: new NodeChildHost(),
    hostKind: 'web',
    registry: new SegmentRegistry(stateDir),
    statPollMs: 100,
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
