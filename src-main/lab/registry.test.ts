// The run record: its program processes (each a pid and a start time, so a pid used again is a
// second process beside the first), what it keeps of each object (key and ctime, followed while
// the run lives), and a record that cannot be written (its temporary file on /dev/full): never a
// thrown error, one line saying crash records are off, and written again once it can be.
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from './dispatch';
import { native } from './native';
import { FOLLOW_ALL_MS, SegmentRegistry, runRecordSchema } from './registry';
import { startTestLab, trackLeftovers } from './test-helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const leftovers = trackLeftovers();

function openRegistry(warn: (line: string) => void = () => undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-registry-'));
  dirs.push(dir);
  const registry = new SegmentRegistry(dir, { warn });
  const file = join(dir, `run-${process.pid}.json`);
  const record = () => runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const programs = () => record().programs;
  return { registry, programs, record, file };
}

describe('program processes in the run record', () => {
  it('keeps each pid and start time once; a reused pid is another process', () => {
    const { registry, programs } = openRegistry();
    const first = { pid: 4242, startTime: '100', pgid: 4000 };
    const second = { pid: 4242, startTime: '250', pgid: 4000 };
    registry.updateProgramProcesses([first], []);
    registry.updateProgramProcesses([first], []);
    expect(programs()).toEqual([first]);
    registry.updateProgramProcesses([second], []);
    expect(programs()).toEqual([first, second]);
    registry.updateProgramProcesses([], [{ pid: 4242, startTime: '100' }]);
    expect(programs()).toEqual([second]);
    registry.close();
  });

  it('one seen and ended in the same update is never written', () => {
    const { registry, programs } = openRegistry();
    const leader = { pid: 4000, startTime: '90', pgid: 4000 };
    const brief = { pid: 4300, startTime: '300', pgid: 4000 };
    registry.updateProgramProcesses([leader, brief], [{ pid: 4300, startTime: '300' }]);
    expect(programs()).toEqual([leader]);
    registry.close();
  });
});

describe('what the record keeps of each object', () => {
  const aSecondLater = () => new Promise((resolve) => setTimeout(resolve, 1100));

  it('key, and the ctime IPC_STAT gives right after creation; changes by others followed within FOLLOW_ALL_MS', async () => {
    const { registry, record } = openRegistry();
    const { IPC_PRIVATE, IPC_CREAT } = native.constants;
    const shmid = native.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o600);
    leftovers.segments.push(shmid);
    const semid = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    leftovers.sets.push(semid);
    registry.add(shmid, 0);
    registry.addSemaphoreSet(semid, 0);
    const made = native.shmctl(shmid, 'IPC_STAT').ctime;
    const setMade = native.semctl(semid, 0, 'IPC_STAT').ctime;
    expect(record().segments).toEqual([{ shmid, key: 0, ctime: made }]);
    expect(record().semaphores).toEqual([{ semid, key: 0, ctime: setMade }]);
    expect(record().bootId).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    // Another process's IPC_SET and SETVAL, in a later second, move both ctimes.
    await aSecondLater();
    native.shmctl(shmid, 'IPC_SET', { mode: 0o640 });
    native.semctl(semid, 0, 'SETVAL', 3);
    // A look reads nothing back before FOLLOW_ALL_MS (IPC_STAT is not free); the next one does.
    registry.followKernel();
    expect(record().segments[0]?.ctime).toBe(made);
    registry.followKernel(Date.now() + FOLLOW_ALL_MS);
    expect(record().segments[0]?.ctime).toBe(native.shmctl(shmid, 'IPC_STAT').ctime);
    expect(record().segments[0]?.ctime).toBeGreaterThan(made);
    expect(record().semaphores[0]?.ctime).toBe(native.semctl(semid, 0, 'IPC_STAT').ctime);
    expect(record().semaphores[0]?.ctime).toBeGreaterThan(setMade);
    registry.close();
  });

  it("the Lab's own IPC_SET and SETVAL move the recorded ctime at once", async () => {
    const t = await startTestLab();
    try {
      const segment = await t.lab.createSegment({
        key: 0,
        size: 4096,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      const set = await t.lab.createSemaphore({
        key: 0,
        nsems: 1,
        create: true,
        exclusive: false,
        mode: 0o600,
        initial: 1,
      });
      const file = join(t.stateDir, `run-${process.pid}.json`);
      const record = () => runRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      expect(record().segments).toEqual([
        { shmid: segment.shmid, key: 0, ctime: segment.stat.ctime },
      ]);
      await aSecondLater();
      // Through dispatch, as the UI sends them: the look after each command sees the IPC_SET.
      await dispatch(t.lab, 'setSegmentMode', { shmid: segment.shmid, mode: 0o640 });
      await dispatch(t.lab, 'setSemaphoreValue', { semid: set.semid, semnum: 0, value: 0 });
      const moved = native.shmctl(segment.shmid, 'IPC_STAT').ctime;
      expect(moved).toBeGreaterThan(segment.stat.ctime);
      expect(record().segments).toEqual([{ shmid: segment.shmid, key: 0, ctime: moved }]);
      expect(record().semaphores).toEqual([
        { semid: set.semid, key: 0, ctime: native.semctl(set.semid, 0, 'IPC_STAT').ctime },
      ]);
      expect(record().semaphores[0]?.ctime).toBeGreaterThan(set.stat.ctime);
    } finally {
      await t.close();
    }
  });
});

describe('a record that cannot be written (its temporary file is /dev/full)', () => {
  it('never throws; says once that crash records are off; writes again once it can', () => {
    const lines: string[] = [];
    const { registry, record, file } = openRegistry((line) => lines.push(line));
    const changes: (string | null)[] = [];
    registry.onCrashRecordsChanged((off) => changes.push(off));
    expect(registry.crashRecordsOff()).toBeNull();
    const temporary = `${file}.tmp`;
    symlinkSync('/dev/full', temporary);
    const { IPC_PRIVATE, IPC_CREAT } = native.constants;
    const shmid = native.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o600);
    leftovers.segments.push(shmid);
    const semid = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    leftovers.sets.push(semid);
    registry.add(shmid, 0);
    registry.addSemaphoreSet(semid, 0);
    registry.followKernel();
    const off = registry.crashRecordsOff();
    expect(off).toMatch(/^ShmLab: crash records are off \(cannot write .* ENOSPC\)/);
    expect(off).not.toContain('\n');
    expect(lines).toEqual([off]);
    expect(changes).toEqual([off]);
    // The device is left alone, and the record on disk is the last one written.
    expect(existsSync('/dev/full')).toBe(true);
    expect(record().segments).toEqual([]);
    // The disk has room again: the next look writes everything, and says so.
    unlinkSync(temporary);
    registry.followKernel();
    expect(registry.crashRecordsOff()).toBeNull();
    expect(changes).toEqual([off, null]);
    expect(lines[1]).toMatch(/crash records are on again/);
    expect(record().segments.map((segment) => segment.shmid)).toEqual([shmid]);
    expect(record().semaphores.map((set) => set.semid)).toEqual([semid]);
    registry.close();
  });

  it('a record that cannot be written at start: the registry opens with crash records off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shmlab-registry-'));
    dirs.push(dir);
    symlinkSync('/dev/full', join(dir, `run-${process.pid}.json.tmp`));
    const lines: string[] = [];
    const registry = new SegmentRegistry(dir, { warn: (line) => lines.push(line) });
    expect(registry.crashRecordsOff()).toContain('ENOSPC');
    expect(lines).toHaveLength(1);
    registry.close();
  });
});
