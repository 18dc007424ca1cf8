import { describe, expect, it } from 'vitest';
import type { SegmentInfo, SegmentStat } from '../../src-main/common/api';
import { segmentOwnership } from './segment-ownership';

const stat = (cpid: number): SegmentStat => ({
  shmid: 7,
  key: 0,
  uid: 1000,
  gid: 1000,
  cuid: 1000,
  cgid: 1000,
  mode: 0o600,
  segsz: 100,
  atime: 0,
  dtime: 0,
  ctime: 1,
  cpid,
  lpid: 0,
  nattch: 0,
  dest: false,
  locked: false,
});

const info = (owned: boolean): SegmentInfo => ({
  shmid: 7,
  owned,
  requestedKey: 0,
  requestedSize: 100,
  flags: 0o600,
  pages: 1,
  mappedSize: 4096,
  stat: stat(1),
});

describe('segmentOwnership', () => {
  it('takes the Lab’s word for a segment shmget returned to it', () => {
    expect(
      segmentOwnership(7, { known: { 7: info(true) }, lookup: undefined, hostPid: 1 }),
    ).toEqual({
      kind: 'owned',
    });
    const opened = segmentOwnership(7, {
      known: { 7: info(false) },
      lookup: { kind: 'stat', stat: stat(99), at: 0 },
      hostPid: 1,
    });
    expect(opened).toEqual({ kind: 'foreign', stat: stat(99) });
  });

  it('otherwise compares the creator pid with the host pid', () => {
    const lookup = { kind: 'stat' as const, stat: stat(99), at: 0 };
    expect(segmentOwnership(7, { known: {}, lookup, hostPid: 99 })).toEqual({ kind: 'owned' });
    expect(segmentOwnership(7, { known: {}, lookup, hostPid: 1 })).toEqual({
      kind: 'foreign',
      stat: stat(99),
    });
  });

  it('waits without a stat or a host pid, and reads a refused stat as foreign', () => {
    const lookup = { kind: 'stat' as const, stat: stat(99), at: 0 };
    expect(segmentOwnership(7, { known: {}, lookup: undefined, hostPid: 1 }).kind).toBe('checking');
    expect(segmentOwnership(7, { known: {}, lookup, hostPid: null }).kind).toBe('checking');
    const refused = { kind: 'refused' as const, error: { code: 'EACCES', message: 'no' }, at: 0 };
    expect(segmentOwnership(7, { known: {}, lookup: refused, hostPid: 1 })).toEqual({
      kind: 'foreign',
      stat: null,
    });
    const missing = { kind: 'missing' as const, error: null, at: 0 };
    expect(segmentOwnership(7, { known: {}, lookup: missing, hostPid: 1 }).kind).toBe('missing');
  });
});
