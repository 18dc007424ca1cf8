// semop made by the children themselves: a real wait in the kernel, seen from /proc and from
// semncnt, ended by the other process, by a cancel, by SEM_UNDO when the holder dies, or by
// the set's removal.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessName, SemaphoreOp } from '../common/api';
import { dispatch } from './dispatch';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { listedSemids, nextEvent, startTestLab } from './test-helpers';
import { describeUid } from './user-names';

/** Whether this kernel shows wait channels to us at all (it may print "0" for every task). */
const wchanVisible = readFileSync('/proc/1/wchan', 'utf8').trim() !== '0';

const P: SemaphoreOp = { semnum: 0, op: -1, undo: false, nowait: false };
const V: SemaphoreOp = { semnum: 0, op: 1, undo: false, nowait: false };

describe('semop in real child processes', () => {
  let t: TestLab;
  let semid: number;
  const made: number[] = [];

  beforeAll(async () => {
    t = await startTestLab();
  });

  beforeEach(async () => {
    const info = await t.lab.createSemaphore({
      key: 0,
      nsems: 1,
      create: true,
      exclusive: false,
      mode: 0o600,
      initial: 1,
    });
    semid = info.semid;
    made.push(semid);
  });

  afterEach(async () => {
    // A test that killed a child (or failed half-way) leaves both running for the next.
    const { processes } = await t.lab.getState();
    for (const name of ['A', 'B'] as const) {
      if (processes[name].status === 'exited') await t.lab.respawn({ process: name });
    }
    try {
      await t.lab.removeSemaphore({ semid, confirmForeign: false });
    } catch {
      // Removed by the test.
    }
  });

  afterAll(async () => {
    await t.close();
    const listed = await listedSemids();
    expect(made.filter((id) => listed.has(id))).toEqual([]);
  });

  const semop = (process: ProcessName, ...ops: SemaphoreOp[]) =>
    t.lab.semop({ process, semid, ops, confirmForeign: false });
  const finished = (process: ProcessName) =>
    nextEvent(t.lab, 'semopFinished', (event) => event.process === process);
  const pidOf = async (process: ProcessName) => (await t.lab.getState()).processes[process].pid;

  it('A takes it, B blocks in the kernel (S, semncnt 1); A gives it back and B wakes by itself', async () => {
    const a = await semop('A', P);
    expect(a).toMatchObject({ status: 'done', stat: { sems: [{ semval: 0, semncnt: 0 }] } });
    expect(a.stat.sems[0]?.sempid).toBe(await pidOf('A'));
    expect(a.stat.otime).toBeGreaterThan(0);

    const b = await semop('B', P);
    expect(b.status).toBe('waiting');
    expect(b.thread).toMatchObject({ pid: await pidOf('B'), state: 'S' });
    expect(b.thread?.tid).not.toBe(b.thread?.pid);
    expect(b.stat.sems[0]).toMatchObject({ semval: 0, semncnt: 1 });
    // Where it sleeps, when this kernel shows wait channels: in the semop system call.
    if (wchanVisible) expect(b.thread?.wchan).toMatch(/sem/);
    // Read again from /proc, now: still asleep, in the same thread.
    expect(await t.lab.threadState({ process: 'B' })).toMatchObject({
      tid: b.thread?.tid,
      state: 'S',
    });
    expect(native.semctl(semid, 0, 'GETNCNT')).toBe(1);
    // B still answers the Lab while its semop thread sleeps.
    expect((await t.lab.inspect({ process: 'B' })).state.status).toBe('running');

    const woken = finished('B');
    const v = await semop('A', V);
    expect(v.status).toBe('done');
    const event = await woken;
    expect(event).toMatchObject({ process: 'B', semid, outcome: 'done', error: null });
    // B's -1 came right after A's +1: B holds it now.
    expect(event.stat?.sems[0]).toMatchObject({ semval: 0, semncnt: 0, sempid: await pidOf('B') });
    await semop('B', V);
  });

  it('cancel: the wait ends as cancelled, the semaphore untouched; nothing left to cancel after', async () => {
    await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 0, confirmForeign: false });
    expect((await semop('B', P)).status).toBe('waiting');
    const ended = finished('B');
    await t.lab.cancelSemop({ process: 'B' });
    const event = await ended;
    expect(event).toMatchObject({ outcome: 'cancelled', error: { code: 'ECANCELED' } });
    expect(event.stat?.sems[0]).toMatchObject({ semval: 0, semncnt: 0 });
    await expect(t.lab.cancelSemop({ process: 'B' })).rejects.toMatchObject({
      code: 'E_BAD_INPUT',
      message: expect.stringContaining('not waiting'),
    });
  });

  it('SEM_UNDO: A dies holding it (SIGKILL), the kernel gives it back, B proceeds', async () => {
    await semop('A', { ...P, undo: true });
    expect((await semop('B', P)).status).toBe('waiting');
    const woken = finished('B');
    const killed = await t.lab.killProcess({ process: 'A', signal: 'SIGKILL' });
    expect(killed).toMatchObject({ name: 'A', status: 'exited', signal: 'SIGKILL' });
    const event = await woken;
    expect(event.outcome).toBe('done');
    expect(event.stat?.sems[0]).toMatchObject({ semval: 0, semncnt: 0, sempid: await pidOf('B') });
  });

  it('without SEM_UNDO: A dies holding it, B stays blocked (semval 0, semncnt 1) until cancelled', async () => {
    await semop('A', P);
    expect((await semop('B', P)).status).toBe('waiting');
    let ended = false;
    const off = t.lab.on('semopFinished', () => (ended = true));
    await t.lab.killProcess({ process: 'A', signal: 'SIGKILL' });
    // A is gone: whatever happens later, nothing will give the semaphore back.
    const stat = await t.lab.statSemaphore({ semid });
    expect(stat.sems[0]).toMatchObject({ semval: 0, semncnt: 1 });
    expect((await t.lab.threadState({ process: 'B' }))?.state).toBe('S');
    expect(ended).toBe(false);
    off();
    const cancelled = finished('B');
    await t.lab.cancelSemop({ process: 'B' });
    expect((await cancelled).outcome).toBe('cancelled');
  });

  it('a process killed while it waits: semopFinished says exited', async () => {
    await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 0, confirmForeign: false });
    await semop('B', P);
    const ended = finished('B');
    await t.lab.killProcess({ process: 'B', signal: 'SIGTERM' });
    const event = await ended;
    expect(event).toMatchObject({ process: 'B', outcome: 'exited', error: null });
    expect(event.stat?.sems[0]).toMatchObject({ semval: 0, semncnt: 0 });
    await expect(t.lab.killProcess({ process: 'B', signal: 'SIGKILL' })).rejects.toMatchObject({
      code: 'E_CHILD_NOT_RUNNING',
    });
  });

  it('the set removed while B waits: B wakes with EIDRM, explained', async () => {
    await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 0, confirmForeign: false });
    await semop('B', P);
    const ended = finished('B');
    await t.lab.removeSemaphore({ semid, confirmForeign: false });
    const event = await ended;
    expect(event).toMatchObject({
      outcome: 'failed',
      stat: null,
      error: { code: 'EIDRM', message: expect.stringContaining('was removed (IPC_RMID)') },
    });
  });

  it('IPC_NOWAIT: EAGAIN at once instead of a wait', async () => {
    await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 0, confirmForeign: false });
    await expect(semop('A', { ...P, nowait: true })).rejects.toMatchObject({
      code: 'EAGAIN',
      message: expect.stringContaining('IPC_NOWAIT'),
    });
    expect(native.semctl(semid, 0, 'GETNCNT')).toBe(0);
  });

  it('several operations in one call are done together, or not at all', async () => {
    await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 2, confirmForeign: false });
    const both = await semop('A', P, P);
    expect(both.stat.sems[0]?.semval).toBe(0);
    await expect(semop('A', V, { ...P, op: -2, nowait: true })).rejects.toMatchObject({
      code: 'EAGAIN',
    });
    // The +1 of the failed call was not applied either.
    expect(native.semctl(semid, 0, 'GETVAL')).toBe(0);
  });

  it("semop on another program's set: refused (E_FOREIGN, naming its owner) unless confirmed, like SETVAL and IPC_RMID", async () => {
    // Another program's set (ipcmk), holding 1.
    const args = ['-S', '1', '-p', '0666'];
    const foreign = Number(
      /(\d+)\s*$/.exec(execFileSync('ipcmk', args, { encoding: 'utf8' }))?.[1],
    );
    try {
      native.semctl(foreign, 0, 'SETVAL', 1);
      const up = { ...V, op: 100 };
      const refusal = {
        code: 'E_FOREIGN',
        syscall: 'semop',
        message: expect.stringContaining(
          `semaphore set ${foreign} was not created by this Lab: owner ${describeUid(process.getuid!())}`,
        ),
      };
      await expect(
        t.lab.semop({ process: 'A', semid: foreign, ops: [up], confirmForeign: false }),
      ).rejects.toMatchObject(refusal);
      // Through the boundary, where confirmForeign may be left out: the same refusal.
      const sent = await dispatch(t.lab, 'semop', { process: 'A', semid: foreign, ops: [up] });
      expect(sent).toMatchObject({ ok: false, error: { code: 'E_FOREIGN' } });
      expect(native.semctl(foreign, 0, 'GETVAL')).toBe(1);
      // SETVAL and IPC_RMID of the same set are refused in the same words.
      await expect(
        t.lab.setSemaphoreValue({ semid: foreign, semnum: 0, value: 0, confirmForeign: false }),
      ).rejects.toMatchObject({ ...refusal, syscall: 'semctl' });
      await expect(
        t.lab.removeSemaphore({ semid: foreign, confirmForeign: false }),
      ).rejects.toMatchObject({ ...refusal, syscall: 'semctl' });
      // Confirmed, it is made by the child itself: 1 → 101.
      const done = await t.lab.semop({
        process: 'A',
        semid: foreign,
        ops: [up],
        confirmForeign: true,
      });
      expect(done).toMatchObject({ status: 'done', stat: { sems: [{ semval: 101 }] } });
      expect(native.semctl(foreign, 0, 'GETVAL')).toBe(101);
      expect(native.semctl(foreign, 0, 'GETPID')).toBe(await pidOf('A'));
    } finally {
      execFileSync('ipcrm', ['-s', String(foreign)]);
    }
  });

  it('bad input: a semnum past the set, a set that is gone, no ops, a second wait', async () => {
    await expect(semop('A', { ...P, semnum: 1 })).rejects.toMatchObject({
      code: 'E_BAD_INPUT',
      message: `semnum 1 is out of range: set ${semid} has 1 semaphore(s), semnum 0 to 0`,
    });
    const none = await dispatch(t.lab, 'semop', { process: 'A', semid, ops: [] });
    expect(none).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_INPUT', message: expect.stringContaining('at least one operation') },
    });
    await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 0, confirmForeign: false });
    await semop('B', P);
    await expect(semop('B', P)).rejects.toMatchObject({
      code: 'E_BAD_INPUT',
      message: expect.stringContaining('already in a semop'),
    });
    const ended = finished('B');
    await t.lab.cancelSemop({ process: 'B' });
    await ended;
    const other = await t.lab.createSemaphore({
      key: 0,
      nsems: 1,
      create: true,
      exclusive: false,
      mode: 0o600,
      initial: 1,
    });
    await t.lab.removeSemaphore({ semid: other.semid, confirmForeign: false });
    await expect(
      t.lab.semop({ process: 'A', semid: other.semid, ops: [P], confirmForeign: false }),
    ).rejects.toMatchObject({ code: 'E_NO_SUCH_SET' });
  });
});
