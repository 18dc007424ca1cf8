import { describe, expect, it } from 'vitest';
import { announceDelay, describeChanges } from './change-announcement';

describe('describeChanges', () => {
  it('names the process, the byte count and the offset', () => {
    expect(describeChanges('B', [{ offset: 16, length: 4 }])).toBe(
      'Process B saw 4 bytes change at offset 16 (0x10)',
    );
    expect(describeChanges('A', [{ offset: 0, length: 1 }])).toBe(
      'Process A saw 1 byte change at offset 0 (0x0)',
    );
  });

  it('counts overlapping bytes once and adjacent ranges as one place', () => {
    expect(
      describeChanges('B', [
        { offset: 16, length: 4 },
        { offset: 18, length: 4 },
      ]),
    ).toBe('Process B saw 6 bytes change at offset 16 (0x10)');
  });

  it('summarises ranges apart from each other', () => {
    expect(
      describeChanges('B', [
        { offset: 64, length: 2 },
        { offset: 8, length: 4 },
      ]),
    ).toBe('Process B saw 6 bytes change in 2 places, first at offset 8 (0x8)');
  });

  it('says nothing when nothing changed', () => {
    expect(describeChanges('A', [])).toBeNull();
    expect(describeChanges('A', [{ offset: 3, length: 0 }])).toBeNull();
  });
});

describe('announceDelay', () => {
  it('waits out the rest of the interval, never less than zero', () => {
    expect(announceDelay(1300, 1000, 1000)).toBe(700);
    expect(announceDelay(5000, 1000, 1000)).toBe(0);
    expect(announceDelay(0, -Infinity, 1000)).toBe(0);
  });
});
