// ProgramRunner without a Lab around it: a run that cannot start must leave nothing open (no pty
// end, no process, no cgroup) and say why with a coded error, however spawn() or the supervisor
// reports the failure.
import { closeSync, existsSync, openSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Attribution } from './attribution';
import type { RunSpec } from './run';
import { ProgramRunner } from './run';
import { DEFAULT_LIMITS } from './run-limits';
import { newMarker, processesMarked } from './program-harness';
import { runCgroupName, runCgroupParents } from './run-cgroup';
import { supervisorPath } from './supervisor';

/** This process's open descriptors on a pty (the /dev/ptmx master, /dev/pts/N slaves). */
function ptyDescriptors(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target === '/dev/ptmx' || target.startsWith('/dev/pts/') ? [target] : [];
    } catch {
      return []; // closed since the listing (readdir's own descriptor)
    }
  });
}

function spec(change: Partial<RunSpec>): RunSpec {
  return {
    runId: 1,
    programId: 'p1',
    program: '/bin/true',
    args: [],
    shmid: null,
    cols: 80,
    rows: 24,
    limits: DEFAULT_LIMITS,
    cwd: tmpdir(),
    env: { PATH: '/usr/bin:/bin' },
    supervisorPath: supervisorPath(),
    pollMs: 50,
    graceMs: 500,
    ...change,
  };
}

async function startFailure(change: Partial<RunSpec>): Promise<unknown> {
  const attribution = new Attribution(
    { registry: null, ownsSegment: () => false, ownsSemaphoreSet: () => false },
    Date.now(),
  );
  const events = { output: () => {}, processes: () => {}, exited: () => {}, looked: () => {} };
  let over = 0;
  try {
    await ProgramRunner.start(spec(change), events, attribution, null, () => (over += 1));
  } catch (error) {
    expect(over).toBe(0);
    return error;
  }
  throw new Error('the run started');
}

describe('a run that cannot start', () => {
  it('spawn throwing at once (E2BIG: an environment string over 128 KiB) closes the pty', async () => {
    const before = ptyDescriptors();
    const error = await startFailure({ env: { PATH: '/bin', BIG: 'x'.repeat(200 * 1024) } });
    expect(ptyDescriptors()).toEqual(before);
    expect(error).toMatchObject({ code: 'E2BIG' });
    expect((error as Error).message).toMatch(/^could not start \/bin\/true: /);
  });

  it('spawn failing as an event (ENOENT: no such folder to run in) closes the pty', async () => {
    const before = ptyDescriptors();
    const error = await startFailure({ cwd: '/nonexistent/shmlab' });
    expect(ptyDescriptors()).toEqual(before);
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect((error as Error).message).toMatch(/^could not start \/bin\/true: /);
  });

  it('a program that cannot be executed (ENOENT): coded, and its supervisor and cgroup are gone', async () => {
    const marker = newMarker();
    const before = ptyDescriptors();
    const error = await startFailure({
      runId: 11,
      program: `/nonexistent/${marker}`,
      args: [marker],
    });
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect((error as Error).message).toMatch(/exec of the program failed \(ENOENT\)/);
    expect(ptyDescriptors()).toEqual(before);
    // The supervisor (whose argv has the marker) reaped the child it forked and exited.
    expect(processesMarked(marker, true)).toEqual([]);
    for (const dir of runCgroupParents()) {
      expect(existsSync(join(dir, runCgroupName(11)))).toBe(false);
    }
  });

  it('no supervisor to run it with: E_UNAVAILABLE, nothing started', async () => {
    const before = ptyDescriptors();
    const error = await startFailure({ runId: 12, supervisorPath: '/nonexistent/supervisor' });
    expect(error).toMatchObject({ code: 'E_UNAVAILABLE' });
    expect((error as Error).message).toMatch(/supervisor \/nonexistent\/supervisor is missing/);
    expect(ptyDescriptors()).toEqual(before);
    for (const dir of runCgroupParents()) {
      expect(existsSync(join(dir, runCgroupName(12)))).toBe(false);
    }
  });

  it('no descriptor left (EMFILE): a coded error, nothing left open or running', async () => {
    const marker = newMarker();
    const before = ptyDescriptors();
    // Take every descriptor but three: the pty may open, the supervisor's pipes cannot.
    const taken: number[] = [];
    try {
      for (;;) taken.push(openSync('/dev/null', 'r'));
    } catch (error) {
      expect(error).toMatchObject({ code: 'EMFILE' });
    }
    let error: unknown;
    try {
      for (const fd of taken.splice(-3)) closeSync(fd);
      error = await startFailure({ runId: 13, program: '/bin/sleep', args: ['60', marker] });
    } finally {
      for (const fd of taken) closeSync(fd);
    }
    expect(error).toMatchObject({ code: 'EMFILE' });
    expect(ptyDescriptors()).toEqual(before);
    expect(processesMarked(marker, true)).toEqual([]);
    for (const dir of runCgroupParents()) {
      expect(existsSync(join(dir, runCgroupName(13)))).toBe(false);
    }
  });
});
