// Argument validation of the semaphore API, fetchAdd and startIncrements in native/index.js:
// each rejection is checked for its class, its code and a message naming the argument, and a
// rejected call must have done nothing (no set created, no value changed, no thread started).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SemOp } from '../index.js';
import {
  IPC_CREAT,
  IPC_EXCL,
  IPC_PRIVATE,
  attach,
  createSegment,
  createSemaphoreSet,
  expectArgumentError,
  shm,
} from './helpers';
import { listedSemids } from './proc';

const { SEMMSL, SEMOPM, SEMVMX } = shm.semLimits();
const notNumbers: unknown[] = ['1', '', 1n, null, true, {}, [], new Number(1)];
const notIntegers = [NaN, Infinity, -Infinity, 1.5, -0.5];

type Call = (value: never) => unknown;

/** Every wrong type is a TypeError, every number in `numbers` a RangeError; both name `names`. */
function rejects(call: Call, names: string, numbers: number[], types: unknown[] = notNumbers) {
  for (const value of types) {
    const label = `${names} = ${typeof value} ${String(value)}`;
    expectArgumentError(
      () => call(value as never),
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      names,
      label,
    );
  }
  for (const value of numbers) {
    const label = `${names} = ${value}`;
    expectArgumentError(() => call(value as never), RangeError, 'ERR_OUT_OF_RANGE', names, label);
  }
}

const threads = () => readdirSync('/proc/self/task').length;

describe('semget arguments', () => {
  it('rejects a bad key, nsems or flags, and creates nothing', () => {
    const before = listedSemids();
    const flags = IPC_CREAT | IPC_EXCL | 0o600;
    rejects((key: number) => shm.semget(key, 1, flags), '"key"', [...notIntegers, 2 ** 31]);
    rejects((n: number) => shm.semget(IPC_PRIVATE, n, flags), '"nsems"', [
      ...notIntegers,
      -1,
      SEMMSL + 1,
    ]);
    rejects((bits: number) => shm.semget(IPC_PRIVATE, 1, bits), '"flags"', [
      ...notIntegers,
      -1,
      IPC_CREAT | shm.constants.SEM_UNDO,
      0o1000000,
    ]);
    expect(listedSemids()).toEqual(before);
  });
});

describe('semop and startSemop arguments', () => {
  const op = (fields: Partial<Record<keyof SemOp, unknown>>) =>
    ({ num: 0, op: 1, nowait: true, ...fields }) as SemOp;

  it('rejects bad operations for both, and changes nothing', () => {
    const semid = createSemaphoreSet(1);
    shm.semctl(semid, 0, 'SETVAL', 3);
    const tasks = threads();
    for (const call of [
      (ops: SemOp[]) => shm.semop(semid, ops),
      (ops: SemOp[]) => shm.startSemop(semid, ops),
    ]) {
      rejects((id: number) => shm.semop(id, [op({})]), '"semid"', [...notIntegers, -1, 2 ** 31]);
      rejects((ops: never) => call(ops), '"ops"', [], ['x', 1, null, undefined, {}]);
      expectArgumentError(() => call([]), RangeError, 'ERR_OUT_OF_RANGE', '"ops"');
      const tooMany = Array.from({ length: SEMOPM + 1 }, () => op({}));
      expectArgumentError(() => call(tooMany), RangeError, 'ERR_OUT_OF_RANGE', 'SEMOPM');
      rejects((value: never) => call([op({}), value]), '"ops[1]"', [], [null, 1, 'x', undefined]);
      expectArgumentError(
        () => call([op({ extra: 1 } as never)]),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        '"extra"',
      );
      rejects((num: never) => call([op({ num })]), '"ops[0].num"', [...notIntegers, -1, 65536]);
      rejects((value: never) => call([op({ op: value })]), '"ops[0].op"', [
        ...notIntegers,
        32768,
        -32769,
      ]);
      for (const key of ['nowait', 'undo'] as const) {
        rejects(
          (flag: never) => call([op({ [key]: flag })]),
          `"ops[0].${key}"`,
          [],
          [1, 'true', null],
        );
      }
    }
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(3);
    expect(threads()).toBe(tasks);
  });

  it('semop refuses an operation that could wait (ERR_WOULD_BLOCK) and does none of them', () => {
    const semid = createSemaphoreSet(1);
    const error = expectArgumentError(
      () => shm.semop(semid, [op({ op: 1 }), op({ op: -1, nowait: undefined })]),
      TypeError,
      'ERR_WOULD_BLOCK',
      '"ops[1]"',
    );
    expect(error.message).toContain('startSemop');
    expect(shm.semctl(semid, 0, 'GETVAL')).toBe(0);
    expect(shm.semctl(semid, 0, 'GETPID')).toBe(0);
  });

  it('startSemop rejects bad options and starts no thread', () => {
    const semid = createSemaphoreSet(1);
    const tasks = threads();
    const start = (options: never) => shm.startSemop(semid, [op({ nowait: false })], options);
    rejects(
      (ms: never) => start({ timeoutMs: ms } as never),
      '"options.timeoutMs"',
      [...notIntegers, -1, 2 ** 31],
      notNumbers.filter((value) => value !== undefined),
    );
    rejects((options: never) => start(options), '"options"', [], [null, 1, 'x']);
    expectArgumentError(
      () => start({ timeout: 5 } as never),
      TypeError,
      'ERR_INVALID_ARG_VALUE',
      '"timeout"',
    );
    expect(threads()).toBe(tasks);
    expect(shm.semctl(semid, 0, 'GETNCNT')).toBe(0);
  });
});

describe('semctl arguments', () => {
  it('rejects a bad semid, command, semnum or value, and changes nothing', () => {
    const semid = createSemaphoreSet(2);
    shm.semctl(semid, 0, 'SETALL', [4, 5]);
    const semctl = shm.semctl as (...args: unknown[]) => unknown;
    rejects((id: number) => semctl(id, 0, 'GETVAL'), '"semid"', [...notIntegers, -1, 2 ** 31]);
    for (const command of ['getval', 'IPC_INFO', 'SEM_STAT', 1, undefined]) {
      expectArgumentError(
        () => semctl(semid, 0, command),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        '"command"',
      );
    }
    for (const command of ['GETVAL', 'GETPID', 'GETNCNT', 'GETZCNT', 'SETVAL']) {
      rejects((n: number) => semctl(semid, n, command, 1), '"semnum"', [...notIntegers, -1, 65536]);
    }
    // Commands on the whole set take semnum 0 only.
    for (const command of ['GETALL', 'SETALL', 'IPC_STAT', 'IPC_SET', 'IPC_RMID']) {
      rejects((n: number) => semctl(semid, n, command, [1, 1]), '"semnum"', [1, -1, 0.5]);
    }
    rejects(
      (value: number) => semctl(semid, 0, 'SETVAL', value),
      '"value"',
      [...notIntegers, -1, SEMVMX + 1],
      [...notNumbers, undefined],
    );
    rejects(
      (values: never) => semctl(semid, 0, 'SETALL', values),
      '"values"',
      [],
      [undefined, null, 5, 'x', {}],
    );
    rejects((value: never) => semctl(semid, 0, 'SETALL', [1, value]), '"values[1]"', [
      ...notIntegers,
      -1,
      SEMVMX + 1,
    ]);
    rejects(
      (settings: never) => semctl(semid, 0, 'IPC_SET', settings),
      '"settings"',
      [],
      [undefined, null, 1, 'x'],
    );
    rejects((mode: never) => semctl(semid, 0, 'IPC_SET', { mode }), '"settings.mode"', [
      ...notIntegers,
      -1,
      0o1000,
    ]);
    expectArgumentError(
      () => semctl(semid, 0, 'IPC_SET', { perms: 0o600 }),
      TypeError,
      'ERR_INVALID_ARG_VALUE',
      '"perms"',
    );
    expect(shm.semctl(semid, 0, 'GETALL')).toEqual([4, 5]);
    expect(shm.semctl(semid, 0, 'IPC_STAT').mode).toBe(0o600);
    expect(listedSemids()).toContain(semid);
  });
});

describe('fetchAdd and startIncrements arguments', () => {
  it('rejects a bad offset, delta or option, and writes nothing', () => {
    const size = 64;
    const counter = attach(createSegment(size));
    const tasks = threads();
    const offsets = [...notIntegers, -4, 2, 61, size - 3, size];
    rejects((offset: number) => counter.fetchAdd(offset, 1), '"offset"', offsets);
    rejects((delta: number) => counter.fetchAdd(0, delta), '"delta"', [...notIntegers, 2 ** 53]);

    const start = (options: never) => counter.startIncrements(options);
    const valid = { offset: 0, times: 10, mode: 'atomic' } as const;
    rejects(start, '"options"', [], [undefined, null, 1, 'x']);
    expectArgumentError(
      () => start({ ...valid, count: 1 } as never),
      TypeError,
      'ERR_INVALID_ARG_VALUE',
      '"count"',
    );
    for (const mode of ['Atomic', 'locked', 1, undefined]) {
      expectArgumentError(
        () => start({ ...valid, mode } as never),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        '"options.mode"',
      );
    }
    rejects((offset: never) => start({ ...valid, offset } as never), '"offset"', offsets);
    rejects((times: never) => start({ ...valid, times } as never), '"options.times"', [
      ...notIntegers,
      0,
      100_000_001,
    ]);
    const guarded = { ...valid, mode: 'semaphore', semid: 0, semnum: 0 } as const;
    rejects(
      (semid: never) => start({ ...guarded, semid } as never),
      '"options.semid"',
      [-1, 2 ** 31, 1.5],
      [undefined, '1', null],
    );
    rejects(
      (semnum: never) => start({ ...guarded, semnum } as never),
      '"options.semnum"',
      [-1, 65536],
      [undefined, '0'],
    );
    expect([...counter.read(0, size)]).toEqual(Array(size).fill(0));
    expect(threads()).toBe(tasks);
  });
});
