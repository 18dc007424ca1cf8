// The hand-written check of watcher reports (asChangedReport) against the schema it stands in
// for: on generated messages, valid and broken, it accepts nothing `childMessage` refuses,
// keeps what the schema would keep, and takes every valid report.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asChangedReport, childMessage, parseChildMessage } from './child-protocol';

const MAX = Number.MAX_SAFE_INTEGER;
const validReport = fc.record({
  type: fc.constant('changed' as const),
  shmid: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  changes: fc.array(
    fc.record({
      offset: fc.integer({ min: 0, max: MAX }),
      bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  pages: fc.array(fc.integer({ min: 0, max: MAX }), { minLength: 1, maxLength: 4 }),
});

/** Values at and beyond each field's bounds, and of other types. */
const odd = fc.constantFrom<unknown>(
  -1,
  -0,
  0.5,
  255,
  256,
  2 ** 31 - 1,
  2 ** 31,
  MAX,
  MAX + 1,
  Number.NaN,
  Infinity,
  '1',
  null,
  [],
);
/** One way to bend a report: a field set to `value`, a key added or one taken away. */
const bend = fc.tuple(
  fc.constantFrom(
    'shmid',
    'type',
    'offset',
    'byte',
    'page',
    'bytes',
    'changes',
    'pages',
    'extra',
    'extra in a range',
    'no shmid',
    'no bytes',
  ),
  odd,
);
function bent(report: Record<string, unknown>, [how, value]: [string, unknown]) {
  const copy = structuredClone(report);
  const { changes, pages } = copy;
  const first: unknown = Array.isArray(changes) ? changes[0] : undefined;
  const change = (typeof first === 'object' && first !== null ? first : {}) as Record<
    string,
    unknown
  >;
  if (how === 'shmid') copy['shmid'] = value;
  if (how === 'type') copy['type'] = value;
  if (how === 'offset') change['offset'] = value;
  if (how === 'byte') change['bytes'] = [value];
  if (how === 'page' && Array.isArray(pages)) pages[0] = value;
  if (how === 'bytes') change['bytes'] = value;
  if (how === 'changes') copy['changes'] = value;
  if (how === 'pages') copy['pages'] = value;
  if (how === 'extra') copy['extra'] = value;
  if (how === 'extra in a range') change['extra'] = value;
  if (how === 'no shmid') delete copy['shmid'];
  if (how === 'no bytes') delete change['bytes'];
  return copy;
}

describe('asChangedReport', () => {
  it('accepts only what childMessage accepts, as childMessage reads it', () => {
    fc.assert(
      fc.property(validReport, fc.array(bend, { maxLength: 2 }), (report, bends) => {
        const raw = bends.reduce(bent, report as Record<string, unknown>);
        const fast = asChangedReport(raw);
        const schema = childMessage.safeParse(raw);
        if (fast !== null) expect(schema).toEqual({ success: true, data: fast });
        else expect(schema.success).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('takes every valid report, so a report never waits for the schema', () => {
    fc.assert(
      fc.property(validReport, (report) => {
        expect(asChangedReport(report)).toBe(report);
      }),
    );
  });

  it('leaves everything else to the schema and its sentence', () => {
    const parsed = parseChildMessage({ type: 'changed', shmid: 1, changes: [], pages: [-1] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues[0]?.message).toBe('page must be 0 or more');
    expect(parseChildMessage({ type: 'looked', seq: 3 })).toEqual({
      success: true,
      data: { type: 'looked', seq: 3 },
    });
  });
});
