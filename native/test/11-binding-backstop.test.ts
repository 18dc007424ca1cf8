// The C++ backstop: the raw binding, called without index.js's checks, must throw for hostile
// arguments and never crash, read or write out of bounds, or reach a syscall with them.
import { createRequire } from 'node:module';
import type { ShmidDs, ShmLimits } from '../index.js';
import { describe, expect, it } from 'vitest';
import {
  addTeardownStep,
  createSegment,
  expectArgumentError,
  expectSyscallError,
  thrownBy,
} from './helpers';
import { ownListedShmids } from './proc';

/** The native handle behind an Attachment (src/attachment.h). */
interface RawHandle {
  readonly shmid: number;
  readonly address: bigint;
  readonly size: number;
  readonly readOnly: boolean;
  readonly attached: boolean;
  read(...args: unknown[]): Buffer;
  write(...args: unknown[]): void;
  detach(): void;
  watch(...args: unknown[]): void;
  unwatch(): void;
  residency(...args: unknown[]): Buffer;
  prefetch(...args: unknown[]): void;
  touch(...args: unknown[]): { value: number; wrote: boolean };
  peekRead(...args: unknown[]): Buffer;
}

/** What build/Release/shmlab.node exports (src/segment.cc, src/channel-binding.cc, src/addon.cc). */
interface RawBinding {
  shmget(...args: unknown[]): number;
  shmctlStat(...args: unknown[]): ShmidDs;
  shmctlStatAny(...args: unknown[]): ShmidDs;
  shmctlRmid(...args: unknown[]): void;
  shmctlSet(...args: unknown[]): void;
  limits(): ShmLimits;
  sendReport(...args: unknown[]): boolean;
  flushReports(...args: unknown[]): boolean;
  reportBacklog(): number;
  onReportChannelClosed(...args: unknown[]): void;
  AttachmentHandle: new (...args: unknown[]) => RawHandle;
}

const binding = createRequire(import.meta.url)('../build/Release/shmlab.node') as RawBinding;
const { AttachmentHandle } = binding;

// Raw handles are not Attachments, so helpers.ts does not know them: detach them after each test,
// before the shared teardown removes the segments.
const handles = new Set<RawHandle>();
addTeardownStep(() => {
  for (const raw of handles) raw.detach();
  handles.clear();
});

function handle(...args: unknown[]): RawHandle {
  const created = new AttachmentHandle(...args);
  handles.add(created);
  return created;
}

type Case = [call: () => unknown, type: typeof TypeError | typeof RangeError, names: string];

function expectAllRejected(cases: Case[]) {
  for (const [call, type, names] of cases) {
    const code = type === TypeError ? 'ERR_INVALID_ARG_TYPE' : 'ERR_OUT_OF_RANGE';
    expectArgumentError(call, type, code, names, `${call.toString()}`);
  }
}

describe('raw binding: segment functions', () => {
  it('rejects hostile shmget arguments without creating anything', () => {
    const before = ownListedShmids();
    expectAllRejected([
      [() => binding.shmget(), TypeError, '"key"'],
      [() => binding.shmget('1', 1, 0o1600), TypeError, '"key"'],
      [() => binding.shmget(0n, 1, 0o1600), TypeError, '"key"'],
      [() => binding.shmget(2 ** 31, 1, 0o1600), RangeError, '"key"'],
      [() => binding.shmget(NaN, 1, 0o1600), RangeError, '"key"'],
      [() => binding.shmget(0, -1, 0o1600), RangeError, '"size"'],
      [() => binding.shmget(0, 2 ** 53, 0o1600), RangeError, '"size"'],
      [() => binding.shmget(0, 0.5, 0o1600), RangeError, '"size"'],
      [() => binding.shmget(0, Infinity, 0o1600), RangeError, '"size"'],
      [() => binding.shmget(0, 1), TypeError, '"flags"'],
      [() => binding.shmget(0, 1, -1), RangeError, '"flags"'],
      [() => binding.shmget(0, 1, 2 ** 31), RangeError, '"flags"'],
      [() => binding.shmget(0, 1, { valueOf: () => 0o1600 }), TypeError, '"flags"'],
    ]);
    expect(ownListedShmids()).toEqual(before);
  });

  it('rejects hostile shmctl arguments', () => {
    const shmid = createSegment(64, { mode: 0o600 });
    for (const fn of [
      binding.shmctlStat,
      binding.shmctlStatAny,
      binding.shmctlRmid,
      binding.shmctlSet,
    ]) {
      expectAllRejected([
        [() => fn(), TypeError, '"shmid"'],
        [() => fn('0'), TypeError, '"shmid"'],
        [() => fn(-1, -1, -1, -1), RangeError, '"shmid"'],
        [() => fn(2 ** 31, -1, -1, -1), RangeError, '"shmid"'],
        [() => fn(1.5, -1, -1, -1), RangeError, '"shmid"'],
      ]);
    }
    const { uid, gid } = binding.shmctlStat(shmid);
    // The binding writes exactly what it is given: no "keep" value (-1 would be (uid_t)-1).
    expectAllRejected([
      [() => binding.shmctlSet(shmid), TypeError, '"uid"'],
      [() => binding.shmctlSet(shmid, -1, gid, 0o600), RangeError, '"uid"'],
      [() => binding.shmctlSet(shmid, 2 ** 32 - 1, gid, 0o600), RangeError, '"uid"'],
      [() => binding.shmctlSet(shmid, uid, -1, 0o600), RangeError, '"gid"'],
      [() => binding.shmctlSet(shmid, uid, 2 ** 32, 0o600), RangeError, '"gid"'],
      [() => binding.shmctlSet(shmid, uid, gid), TypeError, '"mode"'],
      [() => binding.shmctlSet(shmid, uid, gid, 0o1000), RangeError, '"mode"'],
      [() => binding.shmctlSet(shmid, uid, gid, -1), RangeError, '"mode"'],
    ]);
    expect(binding.shmctlStat(shmid)).toMatchObject({ mode: 0o600, uid, gid });
    binding.shmctlSet(shmid, uid, gid, 0o640);
    expect(binding.shmctlStat(shmid)).toMatchObject({ mode: 0o640, uid, gid });
    expect(binding.shmctlStatAny(shmid)).toEqual(binding.shmctlStat(shmid));
  });
});

describe('raw binding: AttachmentHandle', () => {
  it('rejects hostile constructor arguments without attaching', () => {
    const shmid = createSegment(100);
    expectAllRejected([
      [() => handle(), TypeError, '"shmid"'],
      [() => handle(String(shmid), 0n, false, false), TypeError, '"shmid"'],
      [() => handle(-1, 0n, false, false), RangeError, '"shmid"'],
      [() => handle(shmid + 0.5, 0n, false, false), RangeError, '"shmid"'],
      [() => handle(shmid), TypeError, '"address"'],
      [() => handle(shmid, 0, false, false), TypeError, '"address"'],
      [() => handle(shmid, '0', false, false), TypeError, '"address"'],
      [() => handle(shmid, -1n, false, false), RangeError, '"address"'],
      [() => handle(shmid, 2n ** 64n, false, false), RangeError, '"address"'],
      [() => handle(shmid, 0n, 1, false), TypeError, '"readOnly"'],
      [() => handle(shmid, 0n, false), TypeError, '"round"'],
      [() => handle(shmid, 0n, false, 'yes'), TypeError, '"round"'],
    ]);
    // A class constructor cannot be called without new.
    const asFunction = AttachmentHandle as unknown as (...args: unknown[]) => unknown;
    expect(thrownBy(() => asFunction(shmid, 0n, false, false))).toBeInstanceOf(TypeError);
    expect(binding.shmctlStat(shmid).nattch).toBe(0);
  });

  it('reports syscall failures like the JS layer does', () => {
    expectSyscallError(() => handle(0x7fffffff, 0n, false, false), 'shmat', ['EINVAL']);
    expectSyscallError(() => binding.shmctlStat(0x7fffffff), 'shmctl', ['EINVAL']);
  });

  it('rejects hostile read, write, watch and touch arguments and keeps to the segment', () => {
    const shmid = createSegment(100);
    const raw = handle(shmid, 0n, false, false);
    raw.write(0, Buffer.alloc(100, 0xaa));
    const listener = () => undefined;
    expectAllRejected([
      [() => raw.read(), TypeError, '"offset"'],
      [() => raw.read(0), TypeError, '"length"'],
      [() => raw.read(0n, 1), TypeError, '"offset"'],
      [() => raw.read(-1, 1), RangeError, '"offset"'],
      [() => raw.read(NaN, 1), RangeError, '"offset"'],
      [() => raw.read(101, 0), RangeError, '"offset"'],
      [() => raw.read(2 ** 64, 0), RangeError, '"offset"'],
      [() => raw.read(0, 101), RangeError, '"length"'],
      [() => raw.read(0, Infinity), RangeError, '"length"'],
      [() => raw.read(50, 51), RangeError, 'offset + length'],
      [() => raw.write(0), TypeError, '"data"'],
      [() => raw.write(0, 'bytes'), TypeError, '"data"'],
      [() => raw.write(0, [1, 2]), TypeError, '"data"'],
      [() => raw.write(0, new Uint16Array(1)), TypeError, '"data"'],
      [() => raw.write(0, new Uint8ClampedArray(1)), TypeError, '"data"'],
      [() => raw.write(0, new ArrayBuffer(1)), TypeError, '"data"'],
      [() => raw.write(-1, Buffer.from([1])), RangeError, '"offset"'],
      [() => raw.write(0.5, Buffer.from([1])), RangeError, '"offset"'],
      [() => raw.write(100, Buffer.from([1])), RangeError, 'offset + length'],
      [() => raw.write(0, Buffer.alloc(101)), RangeError, 'offset + length'],
      [
        () => raw.write(99, new Uint8Array(new ArrayBuffer(64), 10, 2)),
        RangeError,
        'offset + length',
      ],
      [() => raw.watch(), TypeError, '"listener"'],
      [() => raw.watch({}, 500, 8000, 1000), TypeError, '"listener"'],
      [() => raw.watch(listener), TypeError, '"fastIntervalUs"'],
      [() => raw.watch(listener, 49, 8000, 1000), RangeError, '"fastIntervalUs"'],
      [() => raw.watch(listener, 500, 1_000_001, 1000), RangeError, '"idleIntervalUs"'],
      [() => raw.watch(listener, 500, 8000, -1), RangeError, '"idleAfterMs"'],
      [() => raw.watch(listener, 500, 8000, 60_001), RangeError, '"idleAfterMs"'],
      [() => raw.watch(listener, 500, 8000, 1000, 'yes'), TypeError, '"toChannel"'],
      [
        () => raw.watch(listener, 500, 8000, 1000, false, false, 49),
        RangeError,
        '"restIntervalUs"',
      ],
      [() => raw.watch(listener, 500, 8000, 1000, false, false, 8000), TypeError, '"restAfterMs"'],
      [
        () => raw.watch(listener, 500, 8000, 1000, false, false, 8000, 999),
        RangeError,
        '"restAfterMs"',
      ],
      [
        () => raw.watch(listener, 500, 8000, 1000, false, false, 8000, 3_600_001),
        RangeError,
        '"restAfterMs"',
      ],
      [() => raw.residency(), TypeError, '"offset"'],
      [() => raw.residency(0), TypeError, '"length"'],
      [() => raw.residency(101, 0), RangeError, '"offset"'],
      [() => raw.residency(50, 51), RangeError, 'offset + length'],
      [() => raw.prefetch(-1, 1), RangeError, '"offset"'],
      [() => raw.prefetch(0, 101), RangeError, '"length"'],
      [() => raw.prefetch(99, 2), RangeError, 'offset + length'],
      [() => raw.touch(), TypeError, '"offset"'],
      [() => raw.touch('0'), TypeError, '"offset"'],
      [() => raw.touch(0n), TypeError, '"offset"'],
      [() => raw.touch(-1), RangeError, '"offset"'],
      [() => raw.touch(100), RangeError, '"offset"'],
      [() => raw.touch(NaN), RangeError, '"offset"'],
      [() => raw.touch(2 ** 53), RangeError, '"offset"'],
      [() => raw.peekRead(0), TypeError, '"length"'],
      [() => raw.peekRead(-1, 1), RangeError, '"offset"'],
      [() => raw.peekRead(90, 11), RangeError, 'offset + length'],
    ]);
    expect(raw.touch(99)).toEqual({ value: 0xaa, wrote: true });
    expect(raw.peekRead(98, 2)).toEqual(Buffer.alloc(2, 0xaa));
    // A view whose buffer was transferred away has no bytes: nothing to write, nothing written.
    const moved = new Uint8Array(8).fill(1);
    structuredClone(moved.buffer, { transfer: [moved.buffer] });
    raw.write(0, moved);
    expect(raw.read(0, 100)).toEqual(Buffer.alloc(100, 0xaa));
    expect(raw.read(100, 0)).toEqual(Buffer.alloc(0));
  });

  it('refuses to write through a read-only mapping (no SIGSEGV), and writes nothing', () => {
    const shmid = createSegment(100);
    const writer = handle(shmid, 0n, false, false);
    writer.write(0, Buffer.from('untouched'));
    const reader = handle(shmid, 0n, true, false);
    const error = thrownBy(() => reader.write(0, Buffer.from('clobbered')));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.code).toBe('E_READ_ONLY');
    expect(writer.read(0, 9).toString()).toBe('untouched');
  });

  it('refuses the report channel before it is open, and lines it could not frame', () => {
    // This test's process never opens a channel: opening one would take its standard output.
    const raw = handle(createSegment(100), 0n, false, false);
    const notOpen = (call: () => unknown) => {
      const error = thrownBy(call);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.code).toBe('ERR_INVALID_STATE');
      expect(error.message).toContain('no report channel is open');
    };
    notOpen(() => raw.watch(null, 500, 8000, 1000, true));
    notOpen(() => binding.sendReport('{}'));
    notOpen(() => binding.flushReports(0));
    notOpen(() => binding.reportBacklog());
    notOpen(() => binding.onReportChannelClosed(() => undefined));
    expectAllRejected([
      [() => binding.sendReport(), TypeError, '"line"'],
      [() => binding.sendReport(7), TypeError, '"line"'],
      [() => binding.flushReports(), TypeError, '"timeoutMs"'],
      [() => binding.flushReports(60_001), RangeError, '"timeoutMs"'],
      [() => binding.onReportChannelClosed(), TypeError, '"listener"'],
    ]);
    const split = thrownBy(() => binding.sendReport('{}\n{}'));
    expect(split.code).toBe('ERR_INVALID_ARG_VALUE');
    expect(split.message).toContain('no newline');
  });

  it('answers E_DETACHED after detach, and detaches only once', () => {
    const shmid = createSegment(100);
    const kept = handle(shmid, 0n, false, false);
    const raw = handle(shmid, 0n, false, false);
    raw.detach();
    raw.detach();
    raw.unwatch();
    expect(raw.attached).toBe(false);
    expect(binding.shmctlStat(shmid).nattch).toBe(1);
    for (const use of [
      () => raw.read(0, 1),
      () => raw.write(0, Buffer.from([1])),
      () => raw.watch(() => undefined, 500, 8000, 1000),
      () => raw.residency(0, 1),
      () => raw.prefetch(0, 1),
      () => raw.touch(0),
      () => raw.peekRead(0, 1),
    ]) {
      expect(thrownBy(use).code).toBe('E_DETACHED');
    }
    expect(kept.attached).toBe(true);
  });

  it('throws, not crashes, when its methods are called on other objects', () => {
    const shmid = createSegment(100);
    handle(shmid, 0n, false, false);
    const { prototype } = AttachmentHandle;
    const strangers: unknown[] = [{}, Object.create(prototype), 5, null, undefined];
    for (const stranger of strangers) {
      for (const [name, args] of [
        ['read', [0, 1]],
        ['write', [0, Buffer.from([1])]],
        ['detach', []],
        ['watch', [() => undefined, 500, 8000, 1000]],
        ['unwatch', []],
        ['residency', [0, 1]],
        ['prefetch', [0, 1]],
        ['touch', [0]],
        ['peekRead', [0, 1]],
      ] as const) {
        const method = Reflect.get(prototype, name) as (...args: unknown[]) => unknown;
        expect(thrownBy(() => method.apply(stranger, [...args]), name)).toBeInstanceOf(Error);
      }
      for (const name of ['shmid', 'address', 'size', 'readOnly', 'attached']) {
        const getter = Object.getOwnPropertyDescriptor(prototype, name)?.get;
        expect(getter, name).toBeTypeOf('function');
        expect(thrownBy(() => getter?.call(stranger), name)).toBeInstanceOf(Error);
      }
    }
    expect(binding.shmctlStat(shmid).nattch).toBe(1);
  });
});
