// Property test: shmget, shmat, read, write and shmctl hammered with random and hostile arguments
// against a small pool of real segments, checked against a model of each segment's bytes and of
// what index.js must accept or refuse. The process must survive and every segment must end up
// holding exactly what the model says.
import fc from 'fast-check';
import type { Attachment } from '../index.js';
import { describe, expect, it } from 'vitest';
import {
  NEVER_EXISTED_SHMID,
  SHMLBA,
  attach,
  createSegment,
  isCoded,
  isRoot,
  pageSize,
  removeSegment,
  shm,
} from './helpers';
import type { Operation, Prediction } from './property-model';
import {
  NearPool,
  RANGE,
  integerCode,
  kernel,
  ok,
  operations,
  predictRead,
  predictShmat,
  predictShmctl,
  predictShmget,
  predictWrite,
} from './property-model';
import { listedShmids } from './proc';

interface PoolSegment {
  readonly shmid: number;
  readonly size: number;
  /** What the segment must hold: every successful write is applied here too. */
  readonly model: Buffer;
  readonly writer: Attachment;
  readonly reader: Attachment;
}

/** Less than a page, and one byte into a second page. */
const SIZES = [1, 100, pageSize + 1];
const operation = operations(SIZES.length);
/**
 * Random IPC_SET calls change the pool's mode and owner. Root ignores both, so only then must
 * IPC_STAT and shmat on a pool segment succeed; otherwise they may fail with EACCES.
 */
const poolAlwaysAccessible = isRoot;

/** Runs `call` and checks the outcome against `prediction`; returns the value if it returned. */
function outcome(call: () => unknown, prediction: Prediction, what: string): { value?: unknown } {
  let value: unknown;
  try {
    value = call();
  } catch (error) {
    expect(error, what).toBeInstanceOf(Error);
    if (!isCoded(error)) throw error;
    expect(typeof error.code, `${what}: ${error.message}`).toBe('string');
    if (prediction.kind === 'argument') {
      expect(error.code, `${what}: ${error.message}`).toBe(prediction.code);
      expect(error).toBeInstanceOf(prediction.code === RANGE ? RangeError : TypeError);
    } else {
      expect(prediction.kind, `${what} threw ${String(error.code)}: ${error.message}`).toBe(
        'kernel',
      );
      expect(error.code, what).toMatch(/^E[A-Z0-9]+$/);
      expect(typeof error.errno, what).toBe('number');
      expect(typeof error.syscall, what).toBe('string');
    }
    return {};
  }
  expect(prediction.kind, `${what} returned`).not.toBe('argument');
  return { value };
}

function run(pool: PoolSegment[], step: Operation): void {
  const what = JSON.stringify(step, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  const resolveTarget = (t: unknown) => {
    if (typeof t === 'object' && t !== null && 'pool' in t) return pool[t.pool as number]?.shmid;
    // Other test files run at the same time: a random valid id could be one of their segments.
    // Setting the low 15 bits gives an id no segment can have (see NEVER_EXISTED_SHMID).
    const validId = integerCode(t, 0, NEVER_EXISTED_SHMID) === null;
    return validId && !pool.some((s) => s.shmid === t) ? (t as number) | 0x7fff : t;
  };

  switch (step.op) {
    case 'read': {
      const segment = pool[step.index];
      if (!segment) return;
      const attachment = step.readOnly ? segment.reader : segment.writer;
      const prediction = predictRead(step.offset, step.length, segment.size);
      const { value } = outcome(
        () => attachment.read(step.offset as number, step.length as number),
        prediction,
        what,
      );
      if (prediction.kind === 'ok') {
        const start = step.offset as number;
        expect(value, what).toEqual(segment.model.subarray(start, start + (step.length as number)));
      }
      return;
    }
    case 'write': {
      const segment = pool[step.index];
      if (!segment) return;
      const attachment = step.readOnly ? segment.reader : segment.writer;
      const prediction = predictWrite(step.offset, step.data, segment.size, step.readOnly);
      const { value } = outcome(
        () => attachment.write(step.offset as number, step.data as Uint8Array),
        prediction,
        what,
      );
      if (prediction.kind === 'ok') {
        expect(value).toBeUndefined();
        segment.model.set(step.data as Uint8Array, step.offset as number);
      }
      // Either way the segment must now hold exactly the model, around the write too.
      expect(segment.writer.read(0, segment.size).equals(segment.model), what).toBe(true);
      return;
    }
    case 'shmat': {
      const shmid = resolveTarget(step.target);
      const options = resolveAddress(pool, step.options);
      const segment = pool.find((s) => s.shmid === shmid);
      const argumentsRejected = predictShmat(shmid, options);
      const address = (options as { address?: bigint } | undefined)?.address ?? 0n;
      // A pool segment attached where the kernel likes must work; anything else is its call.
      const prediction =
        argumentsRejected ?? (segment && address === 0n && poolAlwaysAccessible ? ok : kernel);
      const { value } = outcome(
        () => shm.shmat(shmid as number, options as never),
        prediction,
        what,
      );
      if (!(value instanceof shm.Attachment)) return;
      try {
        expect(segment, `${what} attached a segment outside the pool`).toBeDefined();
        if (!segment) return;
        expect(value.size).toBe(segment.size);
        expect(value.read(0, segment.size).equals(segment.model), what).toBe(true);
        const { readOnly, round } = (options ?? {}) as { readOnly?: boolean; round?: boolean };
        expect(value.readOnly).toBe(readOnly === true);
        if (address !== 0n) {
          const expected = round ? address - (address % BigInt(SHMLBA)) : address;
          // SHM_RND rounding an address to 0 lets the kernel choose.
          if (expected !== 0n) expect(value.address, what).toBe(expected);
        }
      } finally {
        value.detach();
      }
      expect(value.attached).toBe(false);
      return;
    }
    case 'shmget': {
      const before = new Set(listedShmids());
      const { value } = outcome(
        () => shm.shmget(step.key as number, step.size as number, step.flags as number),
        predictShmget(step.key, step.size, step.flags),
        what,
      );
      if (value === undefined) return;
      expect(Number.isSafeInteger(value) && (value as number) >= 0, what).toBe(true);
      // Remove what this call created; never touch what someone else made.
      if (!before.has(value as number)) expect(removeSegment(value as number)).toBe(true);
      return;
    }
    case 'shmctl': {
      let shmid = resolveTarget(step.target);
      const segment = pool.find((s) => s.shmid === shmid);
      // The pool must survive the run: IPC_RMID goes to an id that cannot exist instead.
      if (segment && step.command === 'IPC_RMID') shmid = NEVER_EXISTED_SHMID;
      const argumentsRejected = predictShmctl(shmid, step.command, step.settings);
      const isStat = step.command === 'IPC_STAT' && segment && shmid === segment.shmid;
      const prediction = argumentsRejected ?? (isStat && poolAlwaysAccessible ? ok : kernel);
      const { value } = outcome(
        () => shm.shmctl(shmid as number, step.command as 'IPC_SET', step.settings as never),
        prediction,
        what,
      );
      if (isStat && prediction.kind === 'ok') {
        expect(value, what).toMatchObject({ segsz: segment.size });
        expect((value as { nattch: number }).nattch).toBeGreaterThanOrEqual(2);
      }
      return;
    }
  }
}

function resolveAddress(pool: PoolSegment[], options: unknown): unknown {
  if (typeof options !== 'object' || options === null || !('address' in options)) return options;
  const { address } = options;
  if (!(address instanceof NearPool)) return options;
  const base = pool[address.segment]?.writer.address ?? 0n;
  return { ...options, address: base + address.delta };
}

describe('property: hostile arguments against real segments', () => {
  it('returns the model bytes or throws a coded Error, and never corrupts or leaks', () => {
    const pool: PoolSegment[] = SIZES.map((size) => {
      const shmid = createSegment(size);
      return {
        shmid,
        size,
        model: Buffer.alloc(size),
        writer: attach(shmid),
        reader: attach(shmid, { readOnly: true }),
      };
    });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 12 }), (steps) => {
        for (const step of steps) run(pool, step);
      }),
      { numRuns: 300 },
    );

    for (const segment of pool) {
      // Random IPC_SET calls may have changed the owner or mode; put them back to look.
      shm.shmctl(segment.shmid, 'IPC_SET', {
        uid: process.getuid?.(),
        gid: process.getgid?.(),
        mode: 0o600,
      });
      expect(segment.writer.read(0, segment.size).equals(segment.model)).toBe(true);
      expect(segment.reader.read(0, segment.size).equals(segment.model)).toBe(true);
      // Every attachment made during the run was detached again.
      expect(shm.shmctl(segment.shmid, 'IPC_STAT').nattch).toBe(2);
    }
  });
});
