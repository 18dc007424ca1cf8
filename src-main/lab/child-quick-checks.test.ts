// The hand-written checks (child-quick-checks.ts) against the schemas they stand in for: on
// valid messages bent in generated ways (a field set to a value at or past its bounds or of
// another type, a key added or taken away), each accepts exactly what its schema accepts, and
// reads it the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childMessage, childNotice, parseChildRequest } from './child-protocol';
import { asChangedReport, asExpectNotice, asWriteRequest } from './child-quick-checks';

const MAX = Number.MAX_SAFE_INTEGER;
const count = (max: number) => fc.integer({ min: 0, max });
const bytes = fc.array(count(255), { maxLength: 8 });

/** Values at and beyond each field's bounds, and of other types. */
const odd = fc.constantFrom<unknown>(
  -1,
  -0,
  0.5,
  255,
  256,
  20_000,
  20_001,
  2 ** 31 - 1,
  2 ** 31,
  MAX,
  MAX + 1,
  Number.NaN,
  Infinity,
  '1',
  null,
  [],
  {},
  'changed',
  'write',
  'expect',
);

type Path = readonly (string | number)[];

/** `message` with the value at `path` set to `value` (undefined: the key taken away). */
function bent(message: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(message);
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return copy;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  if (typeof parent !== 'object' || parent === null) return copy;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete (parent as Record<string | number, unknown>)[last];
  else (parent as Record<string | number, unknown>)[last] = value;
  return copy;
}

/** Valid messages from `valid`, each bent up to twice at one of `paths` (or a new key). */
function bentMessages(valid: fc.Arbitrary<unknown>, paths: readonly Path[]) {
  const bend = fc.tuple(
    fc.constantFrom<Path>(...paths, ['extra'], [...(paths.at(-1) ?? []).slice(0, -1), 'extra']),
    fc.oneof(odd, fc.constant(undefined)),
  );
  return fc
    .tuple(valid, fc.array(bend, { maxLength: 2 }))
    .map(([message, bends]) =>
      bends.reduce((current, [path, value]) => bent(current, path, value), message),
    );
}

describe('asChangedReport', () => {
  const valid = fc.record({
    type: fc.constant('changed'),
    shmid: count(2 ** 31 - 1),
    changes: fc.array(fc.record({ offset: count(MAX), bytes }), { minLength: 1, maxLength: 3 }),
    pages: fc.array(count(MAX), { minLength: 1, maxLength: 3 }),
  });
  const paths: Path[] = [
    ['type'],
    ['shmid'],
    ['changes'],
    ['pages'],
    ['pages', 0],
    ['changes', 0, 'bytes'],
    ['changes', 0, 'bytes', 0],
    ['changes', 0, 'offset'],
  ];

  it('accepts exactly what childMessage accepts of reports, as it reads them', () => {
    fc.assert(
      fc.property(bentMessages(valid, paths), (raw) => {
        const schema = childMessage.safeParse(raw);
        const expected = schema.success && schema.data.type === 'changed' ? schema.data : null;
        expect(asChangedReport(raw)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('asWriteRequest', () => {
  const valid = fc.record({
    id: count(MAX),
    op: fc.constant('write'),
    offset: count(MAX),
    bytes: fc.array(count(255), { minLength: 1, maxLength: 8 }),
  });
  const paths: Path[] = [['id'], ['op'], ['offset'], ['bytes'], ['bytes', 0]];

  it('accepts exactly what parseChildRequest accepts of writes, as it reads them', () => {
    fc.assert(
      fc.property(bentMessages(valid, paths), (raw) => {
        const parsed = parseChildRequest(raw);
        const expected = parsed.ok && parsed.request.op === 'write' ? parsed.request : null;
        expect(asWriteRequest(raw)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('asExpectNotice', () => {
  const valid = fc.record({ op: fc.constant('expect'), withinUs: count(20_000) });

  it('accepts exactly what childNotice accepts of expects, as it reads them', () => {
    fc.assert(
      fc.property(bentMessages(valid, [['op'], ['withinUs']]), (raw) => {
        const schema = childNotice.safeParse(raw);
        const expected = schema.success && schema.data.op === 'expect' ? schema.data : null;
        expect(asExpectNotice(raw)).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
