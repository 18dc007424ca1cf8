import { afterEach, describe, expect, it } from 'vitest';
import { native } from './native';
import { OPEN_ATTEMPTS, openOrCreate } from './open-or-create';

const { IPC_CREAT, IPC_EXCL, IPC_PRIVATE, pageSize } = native.constants;
const key = 0x5347_0000 + (process.pid & 0xffff);

/** shmget of `key` (one page), with every flags value it was called with. */
function recordingShmget(calls: number[]) {
  return (flags: number): number => {
    calls.push(flags);
    return native.shmget(key, pageSize, flags);
  };
}

function removeKey(): void {
  try {
    native.shmctl(native.shmget(key, 0, 0), 'IPC_RMID');
  } catch {
    // No segment has the key: nothing to remove.
  }
}

describe('openOrCreate: whether shmget created the segment, from the kernel answer', () => {
  afterEach(removeKey);

  it('IPC_CREAT alone with a key: the first call creates it, the next opens the same one', () => {
    removeKey();
    const calls: number[] = [];
    const first = openOrCreate(key, IPC_CREAT | 0o600, recordingShmget(calls));
    expect(first.created).toBe(true);
    expect(calls).toEqual([IPC_CREAT | IPC_EXCL | 0o600]);

    calls.length = 0;
    const again = openOrCreate(key, IPC_CREAT | 0o600, recordingShmget(calls));
    expect(again).toEqual({ id: first.id, created: false });
    // EEXIST with IPC_EXCL, then opened without IPC_CREAT.
    expect(calls).toEqual([IPC_CREAT | IPC_EXCL | 0o600, 0o600]);
  });

  it('IPC_PRIVATE always creates, in one call as asked', () => {
    const calls: number[] = [];
    const opened = openOrCreate(IPC_PRIVATE, IPC_CREAT | 0o600, (flags) => {
      calls.push(flags);
      return native.shmget(IPC_PRIVATE, pageSize, flags);
    });
    try {
      expect(opened.created).toBe(true);
      expect(calls).toEqual([IPC_CREAT | 0o600]);
    } finally {
      native.shmctl(opened.id, 'IPC_RMID');
    }
  });

  it('without IPC_CREAT a missing key is ENOENT, and nothing is created', () => {
    removeKey();
    const calls: number[] = [];
    expect(() => openOrCreate(key, 0o600, recordingShmget(calls))).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
    expect(calls).toEqual([0o600]);
  });

  it('a segment removed between the two calls is created after all', () => {
    removeKey();
    const existing = native.shmget(key, pageSize, IPC_CREAT | 0o600);
    const calls: number[] = [];
    const shmget = recordingShmget(calls);
    const opened = openOrCreate(key, IPC_CREAT | 0o600, (flags) => {
      // Another process removes it after our IPC_EXCL call saw it, before we open it.
      if ((flags & IPC_CREAT) === 0 && calls.length === 1) native.shmctl(existing, 'IPC_RMID');
      return shmget(flags);
    });
    expect(opened.created).toBe(true);
    expect(opened.id).not.toBe(existing);
    expect(calls).toEqual([IPC_CREAT | IPC_EXCL | 0o600, 0o600, IPC_CREAT | IPC_EXCL | 0o600]);
  });

  it(`gives up with ENOENT after ${OPEN_ATTEMPTS} rounds of the segment coming and going`, () => {
    removeKey();
    const calls: number[] = [];
    const shmget = recordingShmget(calls);
    expect(() =>
      openOrCreate(key, IPC_CREAT | 0o600, (flags) => {
        // Each round another process makes it just before our IPC_EXCL call and removes it
        // just before we open it.
        if ((flags & IPC_EXCL) !== 0) native.shmget(key, pageSize, IPC_CREAT | 0o600);
        else removeKey();
        return shmget(flags);
      }),
    ).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(calls).toHaveLength(2 * OPEN_ATTEMPTS);
    expect(() => native.shmget(key, 0, 0)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
