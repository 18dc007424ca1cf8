import { describe, expect, it } from 'vitest';
import { SEGMENT_COLUMNS, labText, segmentStatus } from './machine-columns';
import { ariaSort, filterRows, nextSort, sortRows } from './machine-table-model';
import { trackRows } from './machine-tracking';
import { mapper, segment } from './machine-fixtures.test-support';
import type { MachineSegment } from '../../../src-main/common/api';

const tracked = (rows: MachineSegment[]) => trackRows([], rows, (r) => `shm:${r.shmid}`, 1);
const ids = (rows: { row: MachineSegment }[]) => rows.map((r) => r.row.shmid);

describe('sorting', () => {
  const rows = tracked([
    segment(30, { size: 100, user: 'bob', key: 0x10 }),
    segment(4, { size: 8192, user: 'alice', key: -1 }),
    segment(200, { size: 100, user: null, uid: 65534, key: 0 }),
  ]);

  it('sorts numbers as numbers, both ways', () => {
    expect(
      ids(sortRows(rows, SEGMENT_COLUMNS, { column: 'shmid', direction: 'ascending' })),
    ).toEqual([4, 30, 200]);
    expect(
      ids(sortRows(rows, SEGMENT_COLUMNS, { column: 'shmid', direction: 'descending' })),
    ).toEqual([200, 30, 4]);
  });

  it('keeps the snapshot order among equal cells (stable)', () => {
    expect(
      ids(sortRows(rows, SEGMENT_COLUMNS, { column: 'bytes', direction: 'ascending' })),
    ).toEqual([30, 200, 4]);
    expect(
      ids(sortRows(rows, SEGMENT_COLUMNS, { column: 'bytes', direction: 'descending' })),
    ).toEqual([4, 30, 200]);
  });

  it('sorts keys as unsigned 32-bit numbers, as ipcs prints them', () => {
    // -1 is 0xffffffff.
    expect(ids(sortRows(rows, SEGMENT_COLUMNS, { column: 'key', direction: 'ascending' }))).toEqual(
      [200, 30, 4],
    );
  });

  it('sorts owners by the name shown (the uid when there is none)', () => {
    expect(
      ids(sortRows(rows, SEGMENT_COLUMNS, { column: 'owner', direction: 'ascending' })),
    ).toEqual([200, 4, 30]);
  });

  it('flips the direction on a second click and starts a new column ascending', () => {
    const start = { column: 'shmid', direction: 'ascending' } as const;
    expect(nextSort(start, 'shmid')).toEqual({ column: 'shmid', direction: 'descending' });
    expect(nextSort(nextSort(start, 'shmid'), 'shmid')).toEqual(start);
    expect(nextSort(start, 'bytes')).toEqual({ column: 'bytes', direction: 'ascending' });
    expect(ariaSort(start, 'shmid')).toBe('ascending');
    expect(ariaSort(start, 'bytes')).toBe('none');
  });
});

describe('filtering', () => {
  const rows = tracked([
    segment(1, {
      owned: true,
      mappers: [mapper(41, { labProcess: 'A', command: 'node', user: 'root', uid: 0 })],
    }),
    segment(2, { user: 'alice', uid: 1000, mappers: [mapper(999, { command: 'client' })] }),
    segment(3, { key: 0x5300abcd, dest: true }),
  ]);
  const isLab = (r: MachineSegment) => r.owned || r.mappers.some((m) => m.labProcess !== null);
  const mappersOf = (r: MachineSegment) => r.mappers;

  it('keeps every row for an empty filter', () => {
    expect(
      ids(filterRows(rows, SEGMENT_COLUMNS, { text: ' ', onlyLab: false }, isLab, mappersOf)),
    ).toEqual([1, 2, 3]);
  });

  it('matches any cell, case-insensitively, and who maps the segment', () => {
    const find = (text: string) =>
      ids(filterRows(rows, SEGMENT_COLUMNS, { text, onlyLab: false }, isLab, mappersOf));
    expect(find('ALICE')).toEqual([2]);
    expect(find('0x5300abcd')).toEqual([3]);
    expect(find('dest')).toEqual([3]);
    expect(find('client 999')).toEqual([2]);
    expect(find('made here')).toEqual([1]);
    expect(find('nothing-like-this')).toEqual([]);
  });

  it("keeps only this Lab's rows when asked", () => {
    expect(
      ids(filterRows(rows, SEGMENT_COLUMNS, { text: '', onlyLab: true }, isLab, mappersOf)),
    ).toEqual([1]);
  });
});

describe('cells', () => {
  it('says which Lab process maps a segment and whether the Lab made it', () => {
    expect(labText(true, [mapper(1, { labProcess: 'B' }), mapper(2, { labProcess: 'A' })])).toBe(
      'made here, in A, B',
    );
    expect(labText(false, [mapper(3, { labProcess: 'host' })])).toBe('in ShmLab');
    expect(labText(false, [mapper(3)])).toBe('');
  });

  it("writes ipcs's status column", () => {
    expect(segmentStatus(segment(1, { dest: true, perms: 0o1600 }))).toBe('dest');
    expect(segmentStatus(segment(1, { perms: 0o2600 }))).toBe('locked');
    expect(segmentStatus(segment(1))).toBe('');
  });

  it('writes every column of a segment as ipcs -m would', () => {
    const row = segment(2228281, {
      key: 0x53001234,
      perms: 0o1640,
      size: 10000,
      nattch: 2,
      user: 'root',
      dest: true,
    });
    const text = Object.fromEntries(SEGMENT_COLUMNS.map((c) => [c.id, c.text(row)]));
    expect(text).toMatchObject({
      key: '0x53001234',
      shmid: '2228281',
      owner: 'root',
      perms: '640',
      bytes: '10000',
      nattch: '2',
      status: 'dest',
      detached: 'Not set',
    });
  });
});
