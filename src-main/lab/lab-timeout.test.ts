// A child that answers after the request timeout must not leave the Lab's
// record stale: SIGSTOP B, detach B (times out), SIGCONT; the Lab asks B
// what it has attached and reports 'reconciled'.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMaps } from '../proc/maps';
import type { TestLab } from './test-helpers';
import { nextEvent, startTestLab } from './test-helpers';

const TIMEOUT_MS = 1000;

describe('requests that time out', () => {
  let t: TestLab;
  let shmid: number;
  let pidB: number;

  beforeEach(async () => {
    t = await startTestLab({ requestTimeoutMs: TIMEOUT_MS });
    ({ shmid } = await t.lab.createSegment({
      key: 0,
      size: 64,
      create: true,
      exclusive: false,
      mode: 0o600,
    }));
    for (const process of ['A', 'B'] as const) {
      await t.lab.attach({ process, shmid, readOnly: false, round: false, writeForeign: false });
    }
    pidB = (await t.lab.getState()).processes.B.pid!;
  });

  afterEach(async () => {
    try {
      process.kill(pidB, 'SIGCONT');
    } catch {
      // already gone
    }
    await t.close();
  });

  const mappedInB = async () =>
    (await readMaps(pidB)).some(
      (region) => region.inode === shmid && region.path.startsWith('/SYSV'),
    );

  it('a detach answered late is reconciled with what B and its maps say', async () => {
    process.kill(pidB, 'SIGSTOP');
    await expect(t.lab.detach({ process: 'B' })).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    // Stopped, B has not detached: the record may still say attached, and it is right.
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 1.5));
    const reconciled = nextEvent(
      t.lab,
      'processStatus',
      (e) => e.change === 'reconciled' && e.state.name === 'B',
      10_000,
    );
    process.kill(pidB, 'SIGCONT');
    const event = await reconciled;
    expect(event.state.attachment).toBeNull();
    expect((await t.lab.getState()).processes.B.attachment).toBeNull();
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(1);
    expect(await mappedInB()).toBe(false);
    // Not stuck: B attaches again and reads.
    await t.lab.attach({ process: 'B', shmid, readOnly: false, round: false, writeForeign: false });
    expect((await t.lab.read({ process: 'B', offset: 0, length: 1, peek: false })).bytes).toEqual([
      0,
    ]);
  });

  it('a detach answered E_NOT_ATTACHED while the record says attached clears the record', async () => {
    process.kill(pidB, 'SIGSTOP');
    const first = t.lab.detach({ process: 'B' });
    // Sent after the first, before it times out: B will answer it E_NOT_ATTACHED
    // before the Lab's status question, which is only sent at the first timeout.
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 2));
    const second = t.lab.detach({ process: 'B' });
    await expect(first).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    process.kill(pidB, 'SIGCONT');
    const state = await second;
    expect(state.attachment).toBeNull();
    expect((await t.lab.getState()).processes.B.attachment).toBeNull();
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(1);
  });

  it('an attach answered late is reconciled: the record shows what B attached', async () => {
    await t.lab.detach({ process: 'B' });
    process.kill(pidB, 'SIGSTOP');
    const attach = t.lab.attach({
      process: 'B',
      shmid,
      readOnly: true,
      round: false,
      writeForeign: false,
    });
    await expect(attach).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    expect((await t.lab.getState()).processes.B.attachment).toBeNull();
    const reconciled = nextEvent(
      t.lab,
      'processStatus',
      (e) => e.change === 'reconciled' && e.state.attachment !== null,
      10_000,
    );
    process.kill(pidB, 'SIGCONT');
    const event = await reconciled;
    expect(event.state.attachment).toMatchObject({ shmid, readOnly: true });
    expect(await mappedInB()).toBe(true);
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(2);
  });
});
