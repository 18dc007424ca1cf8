import { describe, expect, it } from 'vitest';
import { dismissAllGone, dismissRow, trackRows } from './machine-tracking';

type Row = { id: number; v: string };
const key = (row: Row): string => String(row.id);

describe('trackRows', () => {
  it('keeps a vanished object, marked gone at the first snapshot that missed it', () => {
    const first = trackRows<Row>(
      [],
      [
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ],
      key,
      100,
    );
    expect(first.map((r) => [r.key, r.gone, r.firstSeen])).toEqual([
      ['1', null, 100],
      ['2', null, 100],
    ]);
    const second = trackRows(first, [{ id: 1, v: 'a2' }], key, 200);
    expect(second.map((r) => [r.key, r.row.v, r.gone])).toEqual([
      ['1', 'a2', null],
      ['2', 'b', 200],
    ]);
    // Still gone later: the moment it was first missed is kept, and its last values too.
    const third = trackRows(
      second,
      [
        { id: 1, v: 'a3' },
        { id: 3, v: 'c' },
      ],
      key,
      300,
    );
    expect(third.map((r) => [r.key, r.row.v, r.gone, r.firstSeen])).toEqual([
      ['1', 'a3', null, 100],
      ['3', 'c', null, 300],
      ['2', 'b', 200, 100],
    ]);
  });

  it('keeps the same tracked object for an unchanged row, a new one for a changed row', () => {
    const first = trackRows<Row>(
      [],
      [
        { id: 1, v: 'a' },
        { id: 2, v: 'b' },
      ],
      key,
      1,
    );
    const second = trackRows(
      first,
      [
        { id: 1, v: 'a' },
        { id: 2, v: 'B' },
      ],
      key,
      2,
    );
    expect(second[0]).toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]).toEqual({ key: '2', row: { id: 2, v: 'B' }, firstSeen: 1, gone: null });
  });

  it('treats a key that comes back as a new object', () => {
    const gone = trackRows(trackRows<Row>([], [{ id: 7, v: 'x' }], key, 1), [], key, 2);
    expect(gone[0]?.gone).toBe(2);
    const back = trackRows(gone, [{ id: 7, v: 'y' }], key, 3);
    expect(back).toEqual([{ key: '7', row: { id: 7, v: 'y' }, firstSeen: 3, gone: null }]);
  });

  it('dismisses only gone rows', () => {
    const rows = trackRows(
      trackRows<Row>(
        [],
        [
          { id: 1, v: 'a' },
          { id: 2, v: 'b' },
        ],
        key,
        1,
      ),
      [{ id: 1, v: 'a' }],
      key,
      2,
    );
    expect(dismissRow(rows, '1').map((r) => r.key)).toEqual(['1', '2']);
    expect(dismissRow(rows, '2').map((r) => r.key)).toEqual(['1']);
    expect(dismissAllGone(rows).map((r) => r.key)).toEqual(['1']);
  });
});
