// Argument validation in native/index.js: every argument, every way it can be wrong.
//
// Each rejection is checked for its class, its `code` and a message that names the argument;
// and a rejected call must have done nothing (no segment created, no byte written).
import type { ShmatOptions, ShmctlSettings } from '../index.js';
import { describe, expect, it } from 'vitest';
import {
  IPC_CREAT,
  IPC_EXCL,
  IPC_PRIVATE,
  attach,
  createSegment,
  expectArgumentError,
  expectSyscallError,
  shm,
  unusedKey,
} from './helpers';
import { ownListedShmids } from './proc';

/** Values of the wrong type for a numeric argument. */
const notNumbers: unknown[] = ['1', '', 1n, null, undefined, true, {}, [], [1], new Number(1)];
/** Numbers that are never a valid count, offset, size or id. */
const badNumbers = [-1, NaN, Infinity, -Infinity, 1.5, -0.5, 2 ** 53, Number.MAX_VALUE];

/**
 * Asserts that `call(value)` rejects every wrong type and every number in `numbers`.
 * `optional`: undefined means "not given" for this argument, so it is not a wrong type.
 */
function rejectsNumeric(
  call: (value: never) => unknown,
  names: string,
  numbers: number[],
  optional = false,
) {
  const label = (value: unknown) => `${names} = ${typeof value} ${String(value)}`;
  for (const value of notNumbers) {
    if (optional && value === undefined) continue;
    const fn = () => call(value as never);
    expectArgumentError(fn, TypeError, 'ERR_INVALID_ARG_TYPE', names, label(value));
  }
  for (const value of numbers) {
    const fn = () => call(value as never);
    expectArgumentError(fn, RangeError, 'ERR_OUT_OF_RANGE', names, label(value));
  }
}

const unsigned32Bad = [...badNumbers, 2 ** 31, 2 ** 32];

describe('shmget arguments', () => {
  it('rejects a bad key, size or flags, and creates nothing', () => {
    const before = ownListedShmids();
    const flags = IPC_CREAT | IPC_EXCL | 0o600;
    const badKeys = [NaN, Infinity, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53];
    rejectsNumeric((key: number) => shm.shmget(key, 64, flags), '"key"', badKeys);
    rejectsNumeric((size: number) => shm.shmget(IPC_PRIVATE, size, flags), '"size"', badNumbers);
    rejectsNumeric((bits: number) => shm.shmget(IPC_PRIVATE, 64, bits), '"flags"', unsigned32Bad);
    // Known flags only: SHM_HUGETLB (0o4000), SHM_NORESERVE (0o10000) and stray bits are refused.
    for (const bits of [IPC_CREAT | 0o4000, IPC_CREAT | 0o10000, 0o1000000]) {
      expectArgumentError(
        () => shm.shmget(IPC_PRIVATE, 64, bits),
        RangeError,
        'ERR_OUT_OF_RANGE',
        '"flags"',
      );
    }
    expect(ownListedShmids()).toEqual(before);
  });

  it('passes the extremes of each range on to the kernel', () => {
    // Valid arguments reach shmget: for keys nobody uses it answers ENOENT, a syscall error.
    for (const [key, size, flags] of [
      [-(2 ** 31), 0, 0],
      [2 ** 31 - 1, 0, 0],
      [unusedKey(), 2 ** 53 - 1, 0o777],
    ] as const) {
      expectSyscallError(() => shm.shmget(key, size, flags), 'shmget', ['ENOENT']);
    }
  });
});

describe('shmat arguments', () => {
  it('rejects a bad shmid', () => {
    rejectsNumeric((shmid: number) => attach(shmid), '"shmid"', unsigned32Bad);
  });

  it('rejects options that are not a plain object, or have unknown keys', () => {
    const shmid = createSegment(64);
    for (const options of [null, 'readOnly', 1, true, [], [{ readOnly: true }]]) {
      expectArgumentError(
        () => attach(shmid, options as ShmatOptions),
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        '"options"',
      );
    }
    for (const key of ['addr', 'readonly', 'shmflg', 'remap']) {
      expectArgumentError(
        () => attach(shmid, { [key]: true } as ShmatOptions),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        `"${key}"`,
      );
    }
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(0);
  });

  it('rejects an address that is not a bigint from 0n to 2n ** 64n - 1n', () => {
    const shmid = createSegment(64);
    for (const address of [4096, '0x7f0000000000', null, true, {}, NaN]) {
      expectArgumentError(
        () => attach(shmid, { address } as unknown as ShmatOptions),
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        '"options.address"',
      );
    }
    for (const address of [-1n, -(2n ** 63n), 2n ** 64n, 2n ** 100n]) {
      expectArgumentError(
        () => attach(shmid, { address }),
        RangeError,
        'ERR_OUT_OF_RANGE',
        '"options.address"',
      );
    }
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(0);
  });

  it('rejects readOnly and round that are not booleans', () => {
    const shmid = createSegment(64);
    for (const name of ['readOnly', 'round'] as const) {
      for (const value of [1, 0, 'true', null, {}]) {
        expectArgumentError(
          () => attach(shmid, { [name]: value } as unknown as ShmatOptions),
          TypeError,
          'ERR_INVALID_ARG_TYPE',
          `"options.${name}"`,
        );
      }
    }
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(0);
  });
});

describe('Attachment.read and write arguments', () => {
  it('rejects a bad offset or length for read', () => {
    const attachment = attach(createSegment(100));
    rejectsNumeric((offset: number) => attachment.read(offset, 1), '"offset"', badNumbers);
    rejectsNumeric((length: number) => attachment.read(0, length), '"length"', badNumbers);
  });

  it('rejects reads beyond the segment', () => {
    const attachment = attach(createSegment(100));
    for (const [offset, length, names] of [
      [101, 0, 'offset'],
      [100, 1, 'offset'],
      [0, 101, 'length'],
      [99, 2, 'length'],
      [2 ** 52, 2 ** 52, 'offset'],
    ] as const) {
      expectArgumentError(
        () => attachment.read(offset, length),
        RangeError,
        'ERR_OUT_OF_RANGE',
        names,
      );
    }
  });

  it('rejects a bad offset, bad data or data beyond the segment for write, writing nothing', () => {
    const attachment = attach(createSegment(100));
    rejectsNumeric(
      (offset: number) => attachment.write(offset, Buffer.from([1])),
      '"offset"',
      badNumbers,
    );
    const notBytes = [
      'bytes',
      [1, 2, 3],
      null,
      undefined,
      42,
      new Uint16Array(2),
      new Int8Array(2),
      new Uint8ClampedArray(2),
      new DataView(new ArrayBuffer(2)),
      new ArrayBuffer(2),
    ];
    for (const data of notBytes) {
      expectArgumentError(
        () => attachment.write(0, data as unknown as Uint8Array),
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        '"data"',
      );
    }
    for (const [offset, length] of [
      [100, 1],
      [0, 101],
      [99, 2],
      [101, 0],
    ] as const) {
      expectArgumentError(
        () => attachment.write(offset, new Uint8Array(length).fill(7)),
        RangeError,
        'ERR_OUT_OF_RANGE',
        'offset',
      );
    }
    expect(attachment.read(0, 100)).toEqual(Buffer.alloc(100));
  });
});

describe('shmctl arguments', () => {
  it('rejects a bad shmid for every command', () => {
    for (const command of ['IPC_STAT', 'IPC_RMID', 'IPC_SET'] as const) {
      rejectsNumeric(
        (shmid: number) => shm.shmctl(shmid, command as 'IPC_SET', {}),
        '"shmid"',
        unsigned32Bad,
      );
    }
  });

  it('rejects an unknown command', () => {
    const shmid = createSegment(64);
    for (const command of ['IPC_INFO', 'SHM_STAT', 'SHM_LOCK', 'ipc_stat', '', 0, 2, null]) {
      expectArgumentError(
        () => shm.shmctl(shmid, command as 'IPC_STAT'),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        '"command"',
      );
    }
    expect(shm.shmctl(shmid, 'IPC_STAT').mode & 0o777).toBe(0o600);
  });

  it('rejects IPC_SET settings that are not an object, have unknown keys or bad values', () => {
    const shmid = createSegment(64, { mode: 0o600 });
    const set = (settings: unknown) => () =>
      shm.shmctl(shmid, 'IPC_SET', settings as ShmctlSettings);
    for (const settings of [null, 0o644, 'mode', []]) {
      expectArgumentError(set(settings), TypeError, 'ERR_INVALID_ARG_TYPE', '"settings"');
    }
    for (const key of ['perm', 'cuid', 'key', 'segsz']) {
      expectArgumentError(set({ [key]: 0 }), TypeError, 'ERR_INVALID_ARG_VALUE', `"${key}"`);
    }
    rejectsNumeric(
      (mode: number) => set({ mode })(),
      '"settings.mode"',
      [...badNumbers, 0o1000, 0o1777, 0o4777],
      true,
    );
    for (const name of ['uid', 'gid'] as const) {
      rejectsNumeric(
        (id: number) => set({ [name]: id })(),
        `"settings.${name}"`,
        [...badNumbers, 2 ** 32 - 1, 2 ** 32],
        true,
      );
    }
    // undefined means "keep", so it is not a wrong type here.
    shm.shmctl(shmid, 'IPC_SET', { mode: undefined, uid: undefined, gid: undefined });
    const stat = shm.shmctl(shmid, 'IPC_STAT');
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.uid).toBe(process.getuid?.());
  });
});

describe('Attachment constructor', () => {
  it('cannot be called directly', () => {
    const Constructor = shm.Attachment as unknown as new (...args: unknown[]) => unknown;
    expectArgumentError(() => new Constructor(), TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'shmat');
    expectArgumentError(
      () => new Constructor(Symbol('shmlab.attachment'), {}),
      TypeError,
      'ERR_ILLEGAL_CONSTRUCTOR',
      'shmat',
    );
  });
});
