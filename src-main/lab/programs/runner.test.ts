// ProgramRunner without a Lab around it: a run that cannot start must leave nothing open (no pty
// end, no process) and say why with a coded error, however spawn() reports the failure.
import { readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Attribution } from './attribution';
import { DEFAULT_LIMITS } from './launch';
import type { RunSpec } from './run';
import { ProgramRunner } from './run';

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
    wrapper: null,
    pollMs: 50,
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
});
