// killProcess with real children: SIGTERM reaches a child stopped by SIGSTOP (the Lab follows it
// with SIGCONT), SIGKILL needs nothing more, and the answer lists the signals sent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPidStat } from '../proc/pid-stat';
import type { TestLab } from './test-helpers';
import { isAlive, startTestLab, trackLeftovers } from './test-helpers';

/** Resolves once /proc/<pid>/stat shows `state`; SIGSTOP is delivered when the child next runs. */
async function untilState(pid: number, state: string): Promise<void> {
  for (let tries = 0; readPidStat(pid)?.[0] !== state; tries += 1) {
    if (tries > 500) throw new Error(`pid ${pid} did not reach state ${state} in 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('killProcess', () => {
  const leftovers = trackLeftovers();
  let t: TestLab;
  let pidA: number;

  beforeEach(async () => {
    t = await startTestLab();
    pidA = (await t.lab.getState()).processes.A.pid!;
    leftovers.processes.push(pidA);
  });

  afterEach(async () => {
    await t.close();
  });

  it('SIGTERM to a child stopped by SIGSTOP: SIGCONT follows, and it ends by SIGTERM', async () => {
    process.kill(pidA, 'SIGSTOP');
    await untilState(pidA, 'T');
    const killed = await t.lab.killProcess({ process: 'A', signal: 'SIGTERM' });
    expect(killed).toMatchObject({
      name: 'A',
      status: 'exited',
      signal: 'SIGTERM',
      signals: ['SIGTERM', 'SIGCONT'],
    });
    expect(isAlive(pidA)).toBe(false);
    // B was never touched.
    expect((await t.lab.getState()).processes.B.status).toBe('running');
  });

  it('SIGTERM to a running child is all that is sent', async () => {
    const killed = await t.lab.killProcess({ process: 'A', signal: 'SIGTERM' });
    expect(killed).toMatchObject({ status: 'exited', signal: 'SIGTERM', signals: ['SIGTERM'] });
  });

  it('SIGKILL ends a stopped child by itself', async () => {
    process.kill(pidA, 'SIGSTOP');
    await untilState(pidA, 'T');
    const killed = await t.lab.killProcess({ process: 'A', signal: 'SIGKILL' });
    expect(killed).toMatchObject({ status: 'exited', signal: 'SIGKILL', signals: ['SIGKILL'] });
  });
});
