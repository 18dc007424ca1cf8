// The hand-written check of the write's input (asWriteInput) against the schema it stands in
// for: on generated inputs, valid and bent, it accepts exactly what writeInput accepts and
// reads it the same way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VALUE_TYPES } from './codec';
import { MAX_LAB_SEGMENT, MAX_VALUE_TEXT, commandInputs } from './schemas';
import { asWriteInput } from './write-input-check';

// Small numbers fit every type, so most generated inputs are valid and both sides are reached
// (the test counts); the rest are at or past a bound, or not numbers.
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('0', '1', '7', '42', '100') },
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '255',
    '256',
    '0xff',
    '4294967296',
    '1.5',
    'hi',
    '',
    'zz',
    'ff 00',
  ),
  fc.string({ maxLength: 12 }),
  fc.constant('7'.repeat(MAX_VALUE_TEXT)),
  fc.constant('a'.repeat(MAX_VALUE_TEXT + 1)),
);
/** Mostly valid, sometimes not: each field is bent one time in eight. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 7, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: bad });
const input = fc.record(
  {
    process: mostly(fc.constantFrom('A', 'B'), fc.constantFrom('C', 'a', null, 1)),
    offset: mostly(
      fc.integer({ min: 0, max: 4096 }),
      fc.constantFrom(-1, -0, 0.5, MAX_LAB_SEGMENT, MAX_LAB_SEGMENT + 1, Number.NaN, '16'),
    ),
    type: mostly(fc.constantFrom(...VALUE_TYPES), fc.constantFrom('u128', 'U8', null)),
    value: mostly(value, fc.constantFrom(7, null, undefined)),
    endian: mostly(fc.constantFrom('le', 'be', undefined), fc.constantFrom('LE', 'big', null)),
    extra: mostly(fc.constant(undefined), fc.constant(1)),
  },
  { requiredKeys: ['process', 'offset', 'type', 'value'] },
);

describe('asWriteInput', () => {
  it('accepts exactly what writeInput accepts, and reads it the same way', () => {
    let accepted = 0;
    fc.assert(
      fc.property(input, (raw) => {
        const quick = asWriteInput(raw);
        const schema = commandInputs.write.safeParse(raw);
        if (quick !== null) accepted += 1;
        expect(quick === null ? { success: false } : { success: true, data: quick }).toEqual(
          schema.success ? { success: true, data: schema.data } : { success: false },
        );
      }),
      { numRuns: 5000 },
    );
    // The generator must reach both sides for the comparison to mean anything.
    expect(accepted).toBeGreaterThan(100);
  });

  it('leaves what is not a plain object to the schema', () => {
    expect(asWriteInput([])).toBeNull();
    expect(asWriteInput(null)).toBeNull();
    expect(asWriteInput('write')).toBeNull();
  });
});
