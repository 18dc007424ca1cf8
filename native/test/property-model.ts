// The model for 12-property.test.ts: random and hostile arguments, and what index.js must do
// with them, written from index.d.ts and the checks index.js documents.
import fc from 'fast-check';
import { IPC_PRIVATE, NEVER_EXISTED_SHMID, SHMLBA, pageSize } from './helpers';

export const TYPE = 'ERR_INVALID_ARG_TYPE';
export const RANGE = 'ERR_OUT_OF_RANGE';
export const VALUE = 'ERR_INVALID_ARG_VALUE';

/**
 * What a call must do: return, fail with this argument `code`, or reach the kernel (return or
 * fail with a syscall error: the model cannot know every kernel answer in advance).
 */
export type Prediction = { kind: 'ok' } | { kind: 'argument'; code: string } | { kind: 'kernel' };

export const ok: Prediction = { kind: 'ok' };
export const kernel: Prediction = { kind: 'kernel' };
const argument = (code: string): Prediction => ({ kind: 'argument', code });

/** The code checkInteger() gives `value` for the range [min, max], or null if it passes. */
export function integerCode(value: unknown, min: number, max: number): string | null {
  if (typeof value !== 'number') return TYPE;
  if (!Number.isSafeInteger(value) || value < min || value > max) return RANGE;
  return null;
}

/** The code checkOptions() gives, or null if `value` is undefined or a plain object of known keys. */
export function optionsCode(value: unknown, allowed: readonly string[]): string | null {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return TYPE;
  return Object.keys(value).every((key) => allowed.includes(key)) ? null : VALUE;
}

function firstCode(...codes: (() => string | null)[]): Prediction | null {
  for (const code of codes) {
    const found = code();
    if (found !== null) return argument(found);
  }
  return null;
}

const INT32_MAX = 2 ** 31 - 1;
const shmidCode = (shmid: unknown) => integerCode(shmid, 0, INT32_MAX);

export function predictShmget(key: unknown, size: unknown, flags: unknown): Prediction {
  const known = 0o1000 | 0o2000 | 0o777;
  return (
    firstCode(
      () => integerCode(key, -(2 ** 31), INT32_MAX),
      () => integerCode(size, 0, Number.MAX_SAFE_INTEGER),
      () => integerCode(flags, 0, INT32_MAX),
      () => ((flags as number) & ~known ? RANGE : null),
    ) ?? kernel
  );
}

export function predictShmat(shmid: unknown, options: unknown): Prediction | null {
  const opts = (options ?? {}) as Record<string, unknown>;
  const booleanCode = (value: unknown) =>
    value === undefined || typeof value === 'boolean' ? null : TYPE;
  return firstCode(
    () => shmidCode(shmid),
    () => optionsCode(options, ['address', 'readOnly', 'round']),
    () => {
      const { address } = opts;
      if (address === undefined) return null;
      if (typeof address !== 'bigint') return TYPE;
      return address < 0n || address >= 2n ** 64n ? RANGE : null;
    },
    () => booleanCode(opts.readOnly),
    () => booleanCode(opts.round),
  );
}

export function predictShmctl(
  shmid: unknown,
  command: unknown,
  settings: unknown,
): Prediction | null {
  const opts = (settings ?? {}) as Record<string, unknown>;
  const idCode = (value: unknown) =>
    value === undefined ? null : integerCode(value, 0, 2 ** 32 - 2);
  return firstCode(
    () => shmidCode(shmid),
    () => (['IPC_STAT', 'IPC_SET', 'IPC_RMID'].includes(command as string) ? null : VALUE),
    () => (command === 'IPC_SET' ? optionsCode(settings, ['uid', 'gid', 'mode']) : null),
    () =>
      command === 'IPC_SET' && opts.mode !== undefined ? integerCode(opts.mode, 0, 0o777) : null,
    () => (command === 'IPC_SET' ? idCode(opts.uid) : null),
    () => (command === 'IPC_SET' ? idCode(opts.gid) : null),
  );
}

/** What read(offset, length) must do on an attached mapping of `size` bytes. */
export function predictRead(offset: unknown, length: unknown, size: number): Prediction {
  return (
    firstCode(
      () => integerCode(offset, 0, Number.MAX_SAFE_INTEGER),
      () => integerCode(length, 0, Number.MAX_SAFE_INTEGER),
      () => ((offset as number) + (length as number) > size ? RANGE : null),
    ) ?? ok
  );
}

/** What write(offset, data) must do on an attached mapping of `size` bytes. */
export function predictWrite(
  offset: unknown,
  data: unknown,
  size: number,
  readOnly: boolean,
): Prediction {
  if (readOnly) return argument('E_READ_ONLY');
  if (!(data instanceof Uint8Array)) return argument(TYPE);
  return predictRead(offset, data.byteLength, size);
}

// Arbitraries ---------------------------------------------------------------------------------

const weirdNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5, -1, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53)),
  fc.constantFrom(Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2),
  fc.double(),
  fc.integer(),
  fc.maxSafeInteger(),
);

const notANumber = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constantFrom(null, undefined, true, false),
  fc.constant({}),
  fc.constant([]),
  fc.constant({ valueOf: () => 1 }),
);

/** Mostly `plausible`, sometimes any number, sometimes not a number at all. */
export function hostile(plausible: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: plausible, weight: 8 },
    { arbitrary: weirdNumber, weight: 2 },
    { arbitrary: notANumber, weight: 1 },
  );
}

/** Byte arrays (views at an offset included), and things that are not Uint8Arrays. */
export const data = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 48 }), weight: 6 },
  { arbitrary: fc.uint8Array({ maxLength: 48 }).map((bytes) => Buffer.from(bytes)), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 48 }), fc.nat({ max: 47 }))
      .map(([bytes, start]) => bytes.subarray(Math.min(start, bytes.length))),
    weight: 2,
  },
  { arbitrary: fc.uint8Array({ minLength: 4090, maxLength: 4100 }), weight: 1 },
  {
    arbitrary: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.array(fc.nat({ max: 255 }), { maxLength: 8 }),
      fc.constantFrom(new Uint16Array(2), new Int8Array(2), new ArrayBuffer(2), null, undefined),
      fc.integer(),
    ),
    weight: 1,
  },
);

/** Anything as an option bag: undefined, good-looking objects, unknown keys, non-objects. */
export function optionBag(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 6 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), fc.anything()), weight: 1 },
    { arbitrary: fc.constantFrom(null, 'options', 7, [], [{}]), weight: 1 },
  );
}

export const maybeBoolean = fc.oneof(
  { arbitrary: fc.boolean(), weight: 6 },
  { arbitrary: fc.constantFrom(undefined, 0, 1, 'true', null), weight: 1 },
);

/** An address relative to a pool attachment, resolved when the operation runs. */
export class NearPool {
  constructor(
    readonly segment: number,
    readonly delta: bigint,
  ) {}
}

/** One random operation against a pool of `poolSize` segments. */
export function operations(poolSize: number) {
  const poolIndex = fc.nat({ max: poolSize - 1 });

  // A little past the first page, so ranges cross page boundaries and pool segment ends.
  const pastFirstPage = pageSize + 104;
  const offset = hostile(
    fc.oneof(
      { arbitrary: fc.nat({ max: 100 }), weight: 4 },
      { arbitrary: fc.nat({ max: pastFirstPage }), weight: 1 },
    ),
  );
  const length = hostile(
    fc.oneof(
      { arbitrary: fc.nat({ max: 8 }), weight: 4 },
      { arbitrary: fc.nat({ max: pastFirstPage }), weight: 1 },
    ),
  );
  /** Mostly through the read-write attachment; the read-only one must refuse every write. */
  const throughReader = fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, fc.constant(true));
  /** Pool ids, an id that cannot exist, and hostile values. */
  const target = fc.oneof(
    { arbitrary: poolIndex.map((index) => ({ pool: index })), weight: 6 },
    { arbitrary: fc.constant(NEVER_EXISTED_SHMID), weight: 1 },
    { arbitrary: hostile(fc.constant(-1)), weight: 2 },
  );
  const address = fc.oneof(
    fc.constant(0n),
    fc
      .tuple(poolIndex, fc.bigInt({ min: -2n * BigInt(pageSize), max: 2n * BigInt(pageSize) }))
      .map(([i, d]) => new NearPool(i, d)),
    fc.bigInt({ min: 2n ** 32n, max: 2n ** 47n }).map((a) => a - (a % BigInt(SHMLBA))),
    fc.bigInt({ min: 2n ** 32n, max: 2n ** 64n - 1n }),
    fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }),
    hostile(fc.nat()),
  );

  return fc.oneof(
    fc.record({
      op: fc.constant('read' as const),
      index: poolIndex,
      readOnly: throughReader,
      offset,
      length,
    }),
    fc.record({
      op: fc.constant('write' as const),
      index: poolIndex,
      readOnly: throughReader,
      offset,
      data,
    }),
    fc.record({
      op: fc.constant('shmat' as const),
      target,
      options: optionBag({ address, readOnly: maybeBoolean, round: maybeBoolean }),
    }),
    fc.record({
      op: fc.constant('shmget' as const),
      key: hostile(fc.oneof(fc.constant(IPC_PRIVATE), fc.integer())),
      size: hostile(fc.nat({ max: 1 << 20 })),
      flags: hostile(fc.oneof(fc.constantFrom(0, 0o600, 0o1600, 0o3600), fc.nat({ max: 0o7777 }))),
    }),
    fc.record({
      op: fc.constant('shmctl' as const),
      target,
      command: fc.oneof(
        { arbitrary: fc.constantFrom('IPC_STAT', 'IPC_SET', 'IPC_RMID'), weight: 6 },
        { arbitrary: fc.constantFrom('IPC_INFO', 'SHM_LOCK', 'ipc_stat', 12, null), weight: 1 },
      ),
      settings: optionBag({
        mode: hostile(fc.nat({ max: 0o777 })),
        uid: hostile(fc.constant(process.getuid?.() ?? 0)),
        gid: hostile(fc.constant(process.getgid?.() ?? 0)),
      }),
    }),
  );
}

export type Operation = ReturnType<typeof operations> extends fc.Arbitrary<infer T> ? T : never;
