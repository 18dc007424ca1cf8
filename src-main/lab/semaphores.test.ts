// Semaphore sets made, read, set and removed by the Lab itself, compared with what the kernel
// answers to semctl and what `ipcs -s -i` prints at the same moment.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SemaphoreSetStat } from '../common/api';
import { readSysvSemaphoresSync } from '../proc/sysvipc-sem';
import { dispatch } from './dispatch';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { listedSemids, startTestLab } from './test-helpers';
import { describeUid } from './user-names';

/** Sets another program (ipcmk) made: removed after each test whatever it ended in. */
const foreign: number[] = [];
afterEach(() => {
  for (const semid of foreign.splice(0)) {
    try {
      execFileSync('ipcrm', ['-s', String(semid)], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
});

function ipcmk(nsems: number): number {
  const args = ['-S', String(nsems), '-p', '0666'];
  const semid = Number(/(\d+)\s*$/.exec(execFileSync('ipcmk', args, { encoding: 'utf8' }))?.[1]);
  foreign.push(semid);
  return semid;
}

/** What `ipcs -s -i <semid>` prints: mode, nsems and each semaphore's row. */
function ipcs(semid: number) {
  const text = execFileSync('ipcs', ['-s', '-i', String(semid)], { encoding: 'utf8' });
  const rows = [...text.matchAll(/^(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/gm)].map((m) => ({
    semnum: Number(m[1]),
    semval: Number(m[2]),
    semncnt: Number(m[3]),
    semzcnt: Number(m[4]),
    sempid: Number(m[5]),
  }));
  return {
    mode: Number.parseInt(/mode=0?([0-7]+)/.exec(text)?.[1] ?? 'x', 8),
    nsems: Number(/nsems = (\d+)/.exec(text)?.[1]),
    uid: Number(/\buid=(\d+)/.exec(text)?.[1]),
    cuid: Number(/\bcuid=(\d+)/.exec(text)?.[1]),
    rows,
  };
}

/** The same set, read one call at a time through the addon. */
function kernelView(semid: number): SemaphoreSetStat {
  const ds = native.semctl(semid, 0, 'IPC_STAT');
  return {
    semid,
    ...ds,
    mode: ds.mode & 0o777,
    sems: Array.from({ length: ds.nsems }, (_, semnum) => ({
      semnum,
      semval: native.semctl(semid, semnum, 'GETVAL'),
      sempid: native.semctl(semid, semnum, 'GETPID'),
      semncnt: native.semctl(semid, semnum, 'GETNCNT'),
      semzcnt: native.semctl(semid, semnum, 'GETZCNT'),
    })),
  };
}

describe('semaphore sets the Lab makes itself', () => {
  let t: TestLab;
  const made: number[] = [];

  beforeAll(async () => {
    t = await startTestLab();
  });

  afterAll(async () => {
    await t.close();
    // Nothing the Lab created outlives it.
    const listed = await listedSemids();
    expect(made.filter((semid) => listed.has(semid))).toEqual([]);
  });

  const create = async (input: Partial<Parameters<TestLab['lab']['createSemaphore']>[0]>) => {
    const info = await t.lab.createSemaphore({
      key: 0,
      nsems: 1,
      create: true,
      exclusive: false,
      mode: 0o600,
      initial: 1,
      ...input,
    });
    made.push(info.semid);
    return info;
  };

  it('IPC_PRIVATE with SETVAL of every semaphore: owned, recorded, as semctl and ipcs show it', async () => {
    const info = await create({ nsems: 3, initial: 2, mode: 0o640 });
    expect(info).toMatchObject({
      owned: true,
      requestedKey: 0,
      flags: native.constants.IPC_CREAT | 0o640,
    });
    expect(info.stat.sems.map((sem) => sem.semval)).toEqual([2, 2, 2]);
    // SETVAL is a change (ctime), not an operation: otime stays 0.
    expect(info.stat.otime).toBe(0);

    const stat = await t.lab.statSemaphore({ semid: info.semid });
    expect(stat).toEqual(kernelView(info.semid));
    const printed = ipcs(info.semid);
    expect(printed).toEqual({
      mode: stat.mode,
      nsems: 3,
      uid: stat.uid,
      cuid: stat.cuid,
      rows: stat.sems,
    });
    expect((await listedSemids()).has(info.semid)).toBe(true);
    const record = JSON.parse(
      readFileSync(join(t.stateDir, `run-${process.pid}.json`), 'utf8'),
    ) as { semaphores: { semid: number; key: number; ctime: number }[] };
    // With the change time after the SETVALs: the crash sweep removes only the set it recorded.
    expect(record.semaphores).toContainEqual({ semid: info.semid, key: 0, ctime: stat.ctime });
  });

  it('a key: IPC_EXCL creates once, then EEXIST; IPC_CREAT alone opens it, foreign, values kept', async () => {
    const key = 0x5345_0000 + (process.pid & 0xffff);
    const first = await create({ key, nsems: 2, exclusive: true, initial: 5 });
    expect(first.owned).toBe(true);
    await expect(create({ key, nsems: 2, exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
      syscall: 'semget',
    });
    await t.lab.setSemaphoreValue({
      semid: first.semid,
      semnum: 1,
      value: 7,
      confirmForeign: false,
    });
    const opened = await create({ key, nsems: 2, initial: 0 });
    expect(opened.semid).toBe(first.semid);
    // Opening is not creating: the Lab set no value, and the set stays the first call's.
    expect(opened.stat.sems.map((sem) => sem.semval)).toEqual([5, 7]);
    await expect(create({ key, nsems: 3 })).rejects.toMatchObject({
      code: 'EINVAL',
      message: expect.stringContaining('exists with 2 semaphore(s)'),
    });
    await expect(create({ key: key + 1, create: false })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('SETVAL: the value, the kernel change time; out-of-range semnum and values refused in words', async () => {
    const { semid } = await create({ nsems: 2, initial: 0 });
    const after = await t.lab.setSemaphoreValue({
      semid,
      semnum: 1,
      value: 3,
      confirmForeign: false,
    });
    expect(after.sems.map((sem) => sem.semval)).toEqual([0, 3]);
    expect(native.semctl(semid, 1, 'GETVAL')).toBe(3);
    await expect(
      t.lab.setSemaphoreValue({ semid, semnum: 2, value: 1, confirmForeign: false }),
    ).rejects.toMatchObject({
      code: 'E_BAD_INPUT',
      message: `semnum 2 is out of range: set ${semid} has 2 semaphore(s), semnum 0 to 1`,
    });
    const SEMVMX = native.semLimits().SEMVMX;
    const tooBig = await dispatch(t.lab, 'setSemaphoreValue', {
      semid,
      semnum: 0,
      value: SEMVMX + 1,
    });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'E_BAD_INPUT' } });
    const negative = await dispatch(t.lab, 'setSemaphoreValue', { semid, semnum: 0, value: -1 });
    expect(negative).toMatchObject({
      ok: false,
      error: { code: 'E_BAD_INPUT', message: expect.stringContaining('value') },
    });
  });

  it('IPC_RMID: gone from /proc/sysvipc/sem; later calls say it was removed', async () => {
    const { semid } = await create({});
    expect(await t.lab.removeSemaphore({ semid, confirmForeign: false })).toBeNull();
    expect((await listedSemids()).has(semid)).toBe(false);
    for (const call of [
      () => t.lab.statSemaphore({ semid }),
      () => t.lab.setSemaphoreValue({ semid, semnum: 0, value: 1, confirmForeign: false }),
      () => t.lab.removeSemaphore({ semid, confirmForeign: false }),
    ]) {
      await expect(call()).rejects.toMatchObject({
        code: 'E_NO_SUCH_SET',
        message: expect.stringContaining(`set ${semid} no longer exists: it was removed`),
      });
    }
    const record = JSON.parse(
      readFileSync(join(t.stateDir, `run-${process.pid}.json`), 'utf8'),
    ) as { semaphores: { semid: number }[] };
    expect(record.semaphores.map((set) => set.semid)).not.toContain(semid);
  });

  it('an id that never named a set', async () => {
    const unused = Math.max(0, ...(await listedSemids())) + 1_000_000;
    await expect(t.lab.statSemaphore({ semid: unused })).rejects.toMatchObject({
      code: 'E_NO_SUCH_SET',
      message: expect.stringContaining('never existed'),
    });
  });

  it("another program's set: read freely, changed only when confirmed, naming its owner", async () => {
    const semid = ipcmk(2);
    expect((await t.lab.statSemaphore({ semid })).sems).toHaveLength(2);
    const refusal = {
      code: 'E_FOREIGN',
      message: expect.stringContaining(
        `semaphore set ${semid} was not created by this Lab: owner ${describeUid(process.getuid!())}`,
      ),
    };
    await expect(
      t.lab.setSemaphoreValue({ semid, semnum: 0, value: 4, confirmForeign: false }),
    ).rejects.toMatchObject(refusal);
    await expect(t.lab.removeSemaphore({ semid, confirmForeign: false })).rejects.toMatchObject(
      refusal,
    );
    expect(native.semctl(semid, 0, 'GETVAL')).toBe(0);
    const set = await t.lab.setSemaphoreValue({ semid, semnum: 0, value: 4, confirmForeign: true });
    expect(set.sems[0]?.semval).toBe(4);
    expect(await t.lab.removeSemaphore({ semid, confirmForeign: true })).toBeNull();
    expect((await listedSemids()).has(semid)).toBe(false);
  });

  it('a foreign set opened by key is never removed at exit', async () => {
    // ipcmk picks a random key; the kernel's table says which.
    const semid = ipcmk(1);
    const key = readSysvSemaphoresSync().find((set) => set.semid === semid)!.key;
    const opened = await create({ key, nsems: 1 });
    expect(opened).toMatchObject({ semid, owned: false });
    const other = await startTestLab();
    await other.lab.createSemaphore({
      key,
      nsems: 1,
      create: true,
      exclusive: false,
      mode: 0o600,
      initial: 1,
    });
    await other.close();
    expect((await listedSemids()).has(semid)).toBe(true);
  });
});
