import { describe, expect, it } from 'vitest';
import type { ProcessState, SegmentStat } from '../../src-main/common/api';
import type { AttachFormInput } from './attach-form-validation';
import {
  addressNote,
  parseRequestedAddress,
  parseShmidText,
  planAttach,
} from './attach-form-validation';

const running: ProcessState = {
  name: 'A',
  pid: 10,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: null,
};

const base: AttachFormInput = {
  process: 'A',
  state: running,
  shmidText: '32769',
  mode: 'kernel',
  addressText: '',
  readOnly: false,
  round: false,
  shmlba: 4096,
  ownership: { kind: 'owned' },
  writeForeign: false,
};

const foreignStat: SegmentStat = {
  shmid: 32769,
  key: 0x1234,
  uid: 1000,
  gid: 1000,
  cuid: 1000,
  cgid: 1000,
  mode: 0o644,
  segsz: 100,
  atime: 0,
  dtime: 0,
  ctime: 1,
  cpid: 777,
  lpid: 0,
  nattch: 2,
  dest: false,
  locked: false,
};

describe('parseShmidText', () => {
  it('reads decimal and hex ids', () => {
    expect(parseShmidText('32769')).toEqual({ ok: true, value: 32769 });
    expect(parseShmidText(' 0x10 ')).toEqual({ ok: true, value: 16 });
  });

  it('names the problem and the allowed range', () => {
    const negative = parseShmidText('-1');
    expect(negative.ok).toBe(false);
    expect(!negative.ok && negative.message).toMatch(/^-1 is out of range; allowed: .*2147483647/);
    const letters = parseShmidText('abc');
    expect(!letters.ok && letters.message).toMatch(/"abc" is not a segment id/);
    expect(parseShmidText('  ').ok).toBe(false);
    expect(parseShmidText('2147483648').ok).toBe(false);
  });
});

describe('parseRequestedAddress', () => {
  it('accepts hex addresses', () => {
    expect(parseRequestedAddress('0x7f0000000000')).toEqual({ ok: true, value: 0x7f0000000000n });
  });

  it('explains a typo with what is allowed', () => {
    const typo = parseRequestedAddress('0x7g');
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.message).toMatch(/'g' at position 4.*; allowed: an address from 0x0/);
  });
});

describe('addressNote', () => {
  it('is silent for an aligned address', () => {
    expect(addressNote(0x7f0000000000n, 4096, false)).toBeNull();
  });

  it('explains NULL and misalignment, with and without SHM_RND', () => {
    expect(addressNote(0n, 4096, false)).toMatch(/NULL/);
    expect(addressNote(0x7f0000000123n, 4096, false)).toMatch(
      /0x7f0000000123 is not a multiple of SHMLBA \(4096 = 0x1000.*EINVAL/,
    );
    expect(addressNote(0x7f0000000123n, 4096, true)).toMatch(/SHM_RND asks the kernel to round/);
  });

  it('says nothing about alignment when SHMLBA is unknown', () => {
    expect(addressNote(0x123n, null, false)).toBeNull();
  });
});

describe('planAttach', () => {
  it('lets the kernel choose in kernel mode', () => {
    const plan = planAttach({ ...base, readOnly: true });
    expect(plan.blocked).toBeNull();
    expect(plan.address).toBeNull();
    expect(plan.request).toEqual({ process: 'A', shmid: 32769, readOnly: true, round: false });
  });

  it('sends a requested address as 0x hex', () => {
    const plan = planAttach({ ...base, mode: 'requested', addressText: '140737488355328' });
    expect(plan.request?.address).toBe('0x800000000000');
  });

  it('blocks invalid input, a stopped process and a second attachment', () => {
    expect(planAttach({ ...base, shmidText: 'x' }).blocked).toBe('Enter a valid segment id.');
    expect(planAttach({ ...base, mode: 'requested', addressText: 'zz' }).blocked).toBe(
      'Enter a valid requested address.',
    );
    const exited = { ...running, status: 'exited' as const, signal: 'SIGKILL' };
    expect(planAttach({ ...base, state: exited }).blocked).toBe(
      'Process A is not running (killed by SIGKILL); respawn it first.',
    );
    const attached = {
      ...running,
      attachment: { shmid: 5, address: '0x7f0000000000', size: 4096, readOnly: false },
    };
    const plan = planAttach({ ...base, state: attached });
    expect(plan.blocked).toMatch(/already has segment 5 attached at 0x7f0000000000/);
    expect(plan.request).toBeNull();
  });
});

describe('planAttach of a segment this Lab did not create', () => {
  const foreign = { ...base, ownership: { kind: 'foreign' as const, stat: foreignStat } };

  it('attaches read-only by default, even with the read-only box clear', () => {
    const plan = planAttach({ ...foreign, readOnly: false });
    expect(plan.request).toEqual({ process: 'A', shmid: 32769, readOnly: true, round: false });
  });

  it('asks for write access only with the explicit choice, and says so to the Lab', () => {
    const plan = planAttach({ ...foreign, writeForeign: true });
    expect(plan.request).toMatchObject({ readOnly: false, writeForeign: true });
  });

  it('never sends writeForeign for a segment of this Lab', () => {
    const plan = planAttach({ ...base, writeForeign: true });
    expect(plan.request).not.toHaveProperty('writeForeign');
  });

  it('waits for IPC_STAT before it offers to attach', () => {
    const plan = planAttach({ ...base, ownership: { kind: 'checking' } });
    expect(plan.blocked).toBe('Checking segment 32769 with IPC_STAT…');
    expect(plan.request).toBeNull();
  });
});
