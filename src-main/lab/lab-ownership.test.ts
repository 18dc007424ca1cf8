import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { listedShmids, makeForeignSegment, startTestLab } from './test-helpers';
import { userName } from './user-names';

const { pageSize } = native.constants;
const uid = process.getuid!();
const owner = userName(uid) === null ? `uid ${uid}` : `uid ${uid} (${userName(uid)})`;

function removeQuietly(shmid: number): void {
  try {
    native.shmctl(shmid, 'IPC_RMID');
  } catch {
    // already gone
  }
}

describe('ownership: what this Lab created versus segments of other programs', () => {
  let t: TestLab;
  let foreign: { shmid: number; pid: number };
  const foreignKey = 0x5346_0000 + (process.pid & 0xffff);
  const leftovers: number[] = [];

  beforeAll(async () => {
    t = await startTestLab();
    // Made by another real process, which has exited: cpid is not this Lab's host.
    foreign = await makeForeignSegment(foreignKey, 0o666);
    leftovers.push(foreign.shmid);
  });

  afterAll(async () => {
    await t.close();
    for (const shmid of leftovers) removeQuietly(shmid);
  });

  it('fills hostPid and hostCommand from this process (/proc/self/comm)', async () => {
    const { system } = await t.lab.getState();
    expect(system.hostPid).toBe(process.pid);
    expect(system.hostCommand).toBe(readFileSync('/proc/self/comm', 'utf8').trim());
    expect(system.hostCommand.length).toBeGreaterThan(0);
  });

  it('a segment it creates is owned and listed; one opened by key is foreign and not listed', async () => {
    const mine = await t.lab.createSegment({
      key: 0,
      size: 100,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    expect(mine.owned).toBe(true);
    // IPC_CREAT without IPC_EXCL on an existing key opens the other program's segment.
    const opened = await t.lab.createSegment({
      key: foreignKey,
      size: 100,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    expect(opened.shmid).toBe(foreign.shmid);
    expect(opened.owned).toBe(false);
    expect(opened.stat.cpid).toBe(foreign.pid);
    const listed = (await t.lab.getState()).segments.map((segment) => segment.shmid);
    expect(listed).toContain(mine.shmid);
    expect(listed).not.toContain(foreign.shmid);
  });

  it('a keyed IPC_CREAT that makes a new segment is owned', async () => {
    const key = foreignKey + 1;
    const made = await t.lab.createSegment({
      key,
      size: 64,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    leftovers.push(made.shmid);
    expect(made.owned).toBe(true);
    expect(made.stat.cpid).toBe(process.pid);
    const again = await t.lab.createSegment({
      key,
      size: 64,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    expect(again).toMatchObject({ shmid: made.shmid, owned: true });
  });

  it('refuses a read-write attach of a foreign segment, naming owner, creator and nattch', async () => {
    const error = await t.lab
      .attach({
        process: 'A',
        shmid: foreign.shmid,
        readOnly: false,
        round: false,
        writeForeign: false,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_FOREIGN', syscall: 'shmat' });
    const message = (error as Error).message;
    expect(message).toContain(owner);
    expect(message).toContain(`pid ${foreign.pid}`);
    expect(message).toContain('0 process(es) attached');
    expect((await t.lab.getState()).processes.A.attachment).toBeNull();
  });

  it('attaches a foreign segment read-only; a write is refused by the attachment', async () => {
    const state = await t.lab.attach({
      process: 'A',
      shmid: foreign.shmid,
      readOnly: true,
      round: false,
      writeForeign: false,
    });
    expect(state.attachment).toMatchObject({ shmid: foreign.shmid, readOnly: true });
    await expect(
      t.lab.write({ process: 'A', offset: 0, type: 'u8', value: '1', endian: 'le' }),
    ).rejects.toMatchObject({ code: 'E_READ_ONLY' });
    await t.lab.detach({ process: 'A' });
  });

  it('attaches a foreign segment read-write when the learner asked (writeForeign)', async () => {
    await t.lab.attach({
      process: 'B',
      shmid: foreign.shmid,
      readOnly: false,
      round: false,
      writeForeign: true,
    });
    await t.lab.write({ process: 'B', offset: 8, type: 'u8', value: '42', endian: 'le' });
    const read = await t.lab.read({ process: 'B', offset: 8, length: 1, peek: false });
    expect(read.bytes).toEqual([42]);
    await t.lab.detach({ process: 'B' });
  });

  it('IPC_SET and IPC_RMID of a foreign segment need confirmForeign', async () => {
    const setMode = t.lab.setSegmentMode({
      shmid: foreign.shmid,
      mode: 0o600,
      confirmForeign: false,
    });
    await expect(setMode).rejects.toMatchObject({ code: 'E_FOREIGN', syscall: 'shmctl' });
    await expect(setMode).rejects.toThrow(`pid ${foreign.pid}`);
    await expect(
      t.lab.removeSegment({ shmid: foreign.shmid, confirmForeign: false }),
    ).rejects.toMatchObject({ code: 'E_FOREIGN' });
    expect(native.shmctl(foreign.shmid, 'IPC_STAT').mode & 0o777).toBe(0o666);
    expect((await listedShmids()).has(foreign.shmid)).toBe(true);

    const changed = await t.lab.setSegmentMode({
      shmid: foreign.shmid,
      mode: 0o640,
      confirmForeign: true,
    });
    expect(changed.mode & 0o777).toBe(0o640);
    expect(await t.lab.removeSegment({ shmid: foreign.shmid, confirmForeign: true })).toBeNull();
    expect((await listedShmids()).has(foreign.shmid)).toBe(false);
  });

  it('removes only its own segments at exit, never a foreign one it opened', async () => {
    const other = await makeForeignSegment();
    leftovers.push(other.shmid);
    const second = await startTestLab();
    const mine = await second.lab.createSegment({
      key: 0,
      size: pageSize,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    await second.lab.attach({
      process: 'A',
      shmid: other.shmid,
      readOnly: true,
      round: false,
      writeForeign: false,
    });
    await second.close();
    const listed = await listedShmids();
    expect(listed.has(mine.shmid)).toBe(false);
    expect(listed.has(other.shmid)).toBe(true);
  });

  it('attaching an id that never existed, or was removed, says so (E_NO_SUCH_SEGMENT)', async () => {
    const made = await t.lab.createSegment({
      key: 0,
      size: 64,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    await t.lab.removeSegment({ shmid: made.shmid, confirmForeign: false });
    const attach = (shmid: number) =>
      t.lab.attach({ process: 'A', shmid, readOnly: false, round: false, writeForeign: false });
    await expect(attach(made.shmid)).rejects.toMatchObject({
      code: 'E_NO_SUCH_SEGMENT',
      syscall: 'shmat',
      message: expect.stringMatching(/was removed/),
    });
    // The largest id: the kernel hands out ids far below it.
    await expect(attach(2 ** 31 - 1)).rejects.toMatchObject({
      code: 'E_NO_SUCH_SEGMENT',
      syscall: 'shmat',
      message: expect.stringMatching(/never existed/),
    });
  });
});
