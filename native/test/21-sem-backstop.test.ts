// The C++ backstop for semaphores, fetchAdd and increments: the raw binding, called without
// index.js's checks, must throw a coded error for hostile arguments and never crash or reach a
// syscall with them. What only the kernel checks (SEMOPM, SEMVMX) comes back as its own errno.
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  IPC_NOWAIT,
  SEM_UNDO,
  addTeardownStep,
  createSegment,
  createSemaphoreSet,
  expectArgumentError,
  expectSyscallError,
  thrownBy,
} from './helpers';
import { listedSemids } from './proc';

interface RawHandle {
  detach(): void;
  fetchAdd(...args: unknown[]): number;
  startIncrements(...args: unknown[]): { progress(): number; cancel(): boolean };
}

interface RawBinding {
  semget(...args: unknown[]): number;
  semop(...args: unknown[]): void;
  semctlValue(...args: unknown[]): number;
  semctlSetval(...args: unknown[]): void;
  semctlGetall(...args: unknown[]): number[];
  semctlSetall(...args: unknown[]): void;
  semctlStat(...args: unknown[]): unknown;
  semctlSet(...args: unknown[]): void;
  semctlRmid(...args: unknown[]): void;
  semLimits(): { SEMOPM: number; SEMVMX: number };
  SemWaitHandle: new (...args: unknown[]) => { tid: number; cancel(): boolean };
  AttachmentHandle: new (...args: unknown[]) => RawHandle;
}

const binding = createRequire(import.meta.url)('../build/Release/shmlab.node') as RawBinding;
const handles = new Set<RawHandle>();
addTeardownStep(() => {
  for (const raw of handles) raw.detach();
  handles.clear();
});

type Case = [call: () => unknown, type: typeof TypeError | typeof RangeError, names: string];

function expectAllRejected(cases: Case[]) {
  for (const [call, type, names] of cases) {
    const code = type === TypeError ? 'ERR_INVALID_ARG_TYPE' : 'ERR_OUT_OF_RANGE';
    expectArgumentError(call, type, code, names, call.toString());
  }
}

const threads = () => readdirSync('/proc/self/task').length;
const noop = () => {};

describe('raw binding: semaphore functions', () => {
  it('rejects hostile semget, semop and semctl arguments without touching the set', () => {
    const before = listedSemids();
    const semid = createSemaphoreSet(2);
    binding.semctlSetall(semid, [3, 4]);
    const nowait = IPC_NOWAIT;
    expectAllRejected([
      [() => binding.semget(), TypeError, '"key"'],
      [() => binding.semget(0, -1, 0o1600), RangeError, '"nsems"'],
      [() => binding.semget(0, 1, -1), RangeError, '"flags"'],
      [() => binding.semop(semid), TypeError, '"ops"'],
      [() => binding.semop(semid, 'ops'), TypeError, '"ops"'],
      [() => binding.semop(semid, []), RangeError, '"ops"'],
      [() => binding.semop(semid, [0, -1]), RangeError, '"ops"'],
      [() => binding.semop(semid, [0, -1, nowait, 0]), RangeError, '"ops"'],
      [() => binding.semop(semid, ['0', -1, nowait]), TypeError, '"ops[0].num"'],
      [() => binding.semop(semid, [65536, -1, nowait]), RangeError, '"ops[0].num"'],
      [() => binding.semop(semid, [0, 32768, nowait]), RangeError, '"ops[0].op"'],
      [() => binding.semop(semid, [0, 0.5, nowait]), RangeError, '"ops[0].op"'],
      [() => binding.semop(semid, [0, -1, nowait | 1]), RangeError, '"ops[0].flags"'],
      [() => binding.semop(semid, [0, -1, nowait, 1, 1, 0o1000]), RangeError, '"ops[1].flags"'],
      [() => binding.semop(-1, [0, 1, nowait]), RangeError, '"semid"'],
      [() => binding.semctlValue(semid, -1, 'GETVAL'), RangeError, '"semnum"'],
      [() => binding.semctlValue(semid, 0x10000, 'GETVAL'), RangeError, '"semnum"'],
      [() => binding.semctlSetval(semid, 0, -1), RangeError, '"value"'],
      [() => binding.semctlSetval(semid, 0), TypeError, '"value"'],
      [() => binding.semctlSetall(semid, 'x'), TypeError, '"values"'],
      [() => binding.semctlSetall(semid, [1]), RangeError, '"values"'],
      [() => binding.semctlSetall(semid, [1, 2, 3]), RangeError, '"values"'],
      [() => binding.semctlSetall(semid, [1, 65536]), RangeError, '"values[1]"'],
      [() => binding.semctlSetall(semid, [1, '2']), TypeError, '"values[1]"'],
      [() => binding.semctlSet(semid, 0, 0, 0o1000), RangeError, '"mode"'],
      [() => binding.semctlSet(semid, -1, 0, 0o600), RangeError, '"uid"'],
      [() => binding.semctlRmid('0'), TypeError, '"semid"'],
    ]);
    for (const command of [undefined, 'SETVAL', 'IPC_RMID', 'getval', 12]) {
      const error = thrownBy(() => binding.semctlValue(semid, 0, command), String(command));
      expect(error).toBeInstanceOf(TypeError);
      expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
    }
    // A semop on the JavaScript thread that could wait is refused here too.
    const wouldBlock = thrownBy(() => binding.semop(semid, [0, 1, nowait, 1, -1, SEM_UNDO]));
    expect(wouldBlock.code).toBe('ERR_WOULD_BLOCK');
    expect(binding.semctlGetall(semid)).toEqual([3, 4]);
    // No semop reached the kernel: it records a semop's time in otime, and there is none.
    expect(binding.semctlStat(semid)).toMatchObject({ otime: 0 });
    expect(listedSemids().filter((id) => !before.includes(id))).toEqual([semid]);
  });

  it('leaves SEMOPM and SEMVMX to the kernel: E2BIG and ERANGE', () => {
    const semid = createSemaphoreSet(1);
    const { SEMOPM, SEMVMX } = binding.semLimits();
    const ops = Array.from({ length: SEMOPM + 1 }, () => [0, 1, IPC_NOWAIT]).flat();
    expectSyscallError(() => binding.semop(semid, ops), 'semop', ['E2BIG']);
    expectSyscallError(() => binding.semctlSetval(semid, 0, SEMVMX + 1), 'semctl', ['ERANGE']);
    expectSyscallError(() => binding.semctlSetall(semid, [SEMVMX + 1]), 'semctl', ['ERANGE']);
    expect(binding.semctlValue(semid, 0, 'GETVAL')).toBe(0);
  });

  it('SemWaitHandle rejects hostile arguments and starts no thread', () => {
    const semid = createSemaphoreSet(1);
    const tasks = threads();
    const start =
      (...args: unknown[]) =>
      () =>
        new binding.SemWaitHandle(...args);
    expectAllRejected([
      [start(), TypeError, '"semid"'],
      [start(semid, [0, -1, 0], -2, noop), RangeError, '"timeoutMs"'],
      [start(semid, [0, -1, 0], 2 ** 31, noop), RangeError, '"timeoutMs"'],
      [start(semid, [0, -1, 0], -1), TypeError, '"callback"'],
      [start(semid, [0, -1, 0], -1, 'f'), TypeError, '"callback"'],
      [start(semid, [0, -1, 7], -1, noop), RangeError, '"ops[0].flags"'],
    ]);
    expect(threads()).toBe(tasks);
    expect(binding.semctlValue(semid, 0, 'GETNCNT')).toBe(0);
  });
});

describe('raw binding: fetchAdd and startIncrements', () => {
  it('rejects hostile offsets, deltas, modes and callbacks without writing', () => {
    const shmid = createSegment(64);
    const raw = new binding.AttachmentHandle(shmid, 0n, false, false);
    handles.add(raw);
    const tasks = threads();
    const start =
      (...args: unknown[]) =>
      () =>
        raw.startIncrements(...args);
    expectAllRejected([
      [() => raw.fetchAdd(), TypeError, '"offset"'],
      [() => raw.fetchAdd(2, 1), RangeError, '"offset"'],
      [() => raw.fetchAdd(61, 1), RangeError, '"offset"'],
      [() => raw.fetchAdd(64, 1), RangeError, '"offset"'],
      [() => raw.fetchAdd(0, -1), RangeError, '"delta"'],
      [() => raw.fetchAdd(0, 2 ** 32), RangeError, '"delta"'],
      [() => raw.fetchAdd(0, 1n), TypeError, '"delta"'],
      [start(6, 1, 'atomic', -1, -1, noop), RangeError, '"offset"'],
      [start(0, 0, 'atomic', -1, -1, noop), RangeError, '"times"'],
      [start(0, 100_000_001, 'atomic', -1, -1, noop), RangeError, '"times"'],
      [start(0, 1, 'semaphore', -1, 0, noop), RangeError, '"semid"'],
      [start(0, 1, 'semaphore', 0, 65536, noop), RangeError, '"semnum"'],
      [start(0, 1, 'atomic', -1, -1), TypeError, '"callback"'],
    ]);
    for (const mode of ['Atomic', undefined, 1]) {
      const error = thrownBy(start(0, 1, mode, -1, -1, noop), String(mode));
      expect(error.code).toBe('ERR_INVALID_ARG_VALUE');
    }
    const readOnly = new binding.AttachmentHandle(shmid, 0n, true, false);
    handles.add(readOnly);
    expect(thrownBy(() => readOnly.fetchAdd(0, 1)).code).toBe('E_READ_ONLY');
    expect(thrownBy(() => readOnly.startIncrements(0, 1, 'atomic', -1, -1, noop)).code).toBe(
      'E_READ_ONLY',
    );
    raw.detach();
    expect(thrownBy(() => raw.fetchAdd(0, 1)).code).toBe('E_DETACHED');
    expect(thrownBy(start(0, 1, 'atomic', -1, -1, noop)).code).toBe('E_DETACHED');
    expect(threads()).toBe(tasks);
  });
});
