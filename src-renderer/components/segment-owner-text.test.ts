import { describe, expect, it } from 'vitest';
import type { ProcessName, ProcessState, SegmentStat } from '../../src-main/common/api';
import {
  attachedText,
  creatorText,
  foreignSummary,
  ownerText,
  writeAccessText,
} from './segment-owner-text';

const stat: SegmentStat = {
  shmid: 5,
  key: 0,
  uid: 1001,
  gid: 1001,
  cuid: 1000,
  cgid: 1000,
  mode: 0o600,
  segsz: 4096,
  atime: 0,
  dtime: 0,
  ctime: 1,
  cpid: 4242,
  lpid: 0,
  nattch: 3,
  dest: false,
  locked: false,
};

const process = (name: ProcessName, shmid: number | null): ProcessState => ({
  name,
  pid: name === 'A' ? 41 : 42,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment:
    shmid === null ? null : { shmid, address: '0x7f0000000000', size: 4096, readOnly: true },
});

describe('creatorText', () => {
  it('names the ShmLab host when it called shmget, and another process otherwise', () => {
    const host = { hostPid: 4242, hostCommand: 'node' };
    expect(creatorText(stat, host)).toBe(
      'pid 4242: the ShmLab host (node), which called shmget — not A or B',
    );
    expect(creatorText(stat, { ...host, hostPid: 1 })).toMatch(/^pid 4242: another process/);
    expect(creatorText(stat, null)).toMatch(/another process/);
  });
});

describe('attachedText', () => {
  it('names the Lab’s processes and counts the others from nattch', () => {
    const processes = { A: process('A', 5), B: process('B', null) };
    expect(attachedText(stat, 5, processes)).toBe('A (pid 41) and 2 other processes (nattch 3)');
    expect(
      attachedText({ ...stat, nattch: 0 }, 5, { A: process('A', null), B: process('B', 9) }),
    ).toBe('no process (nattch 0)');
    expect(attachedText(null, 5, processes)).toBe('A (pid 41), others unknown (IPC_STAT refused)');
  });
});

describe('foreignSummary', () => {
  it('says whose segment it is and who has it attached', () => {
    const processes = { A: process('A', null), B: process('B', 5) };
    expect(foreignSummary(5, stat, processes)).toBe(
      'Segment 5 was not created by ShmLab: it belongs to uid 1001 (created by uid 1000, pid 4242). ' +
        'Attached now in B (pid 42) and 2 other processes (nattch 3).',
    );
    expect(ownerText(null)).toMatch(/EACCES/);
  });
});

describe('writeAccessText', () => {
  it('names the owner, the creator and the attach count', () => {
    expect(writeAccessText({ ...stat, nattch: 1 })).toBe(
      'Write access to this segment of uid 1001 (created by pid 4242, attached in 1 process): attach it read-write',
    );
    expect(writeAccessText(null)).toMatch(/owner IPC_STAT will not show/);
  });
});
