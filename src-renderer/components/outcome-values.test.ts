import { describe, expect, it } from 'vitest';
import type { ProcessState, WriteResult } from '../../src-main/common/api';
import {
  currentOutcome,
  isCurrentAttach,
  isCurrentWrite,
  isProcessState,
  isWriteResult,
  narrowOutcome,
} from './outcome-values';

const state: ProcessState = {
  name: 'B',
  pid: 7,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: { shmid: 3, address: '0x7f0000000000', size: 4096, readOnly: true },
};
const written: WriteResult = {
  process: 'A',
  offset: 16,
  bytes: [42, 0, 0, 0],
  address: '0x7f0000000010',
};

describe('guards', () => {
  it('accept the shapes the Lab returns', () => {
    expect(isProcessState(state)).toBe(true);
    expect(isProcessState({ ...state, attachment: null })).toBe(true);
    expect(isWriteResult(written)).toBe(true);
  });

  it('refuse other shapes', () => {
    expect(isProcessState(written)).toBe(false);
    expect(isProcessState({ ...state, attachment: { shmid: 3 } })).toBe(false);
    expect(isWriteResult(state)).toBe(false);
    expect(isWriteResult({ ...written, bytes: ['2a'] })).toBe(false);
    expect(isWriteResult(null)).toBe(false);
  });
});

describe('narrowOutcome', () => {
  it('passes through nothing and errors', () => {
    expect(narrowOutcome(undefined, isWriteResult)).toBeUndefined();
    const failed = { ok: false as const, error: { code: 'EINVAL', message: 'x' }, at: 5 };
    expect(narrowOutcome(failed, isWriteResult)).toBe(failed);
  });

  it('keeps a value of the expected shape', () => {
    expect(narrowOutcome({ ok: true, value: written, at: 9 }, isWriteResult)).toEqual({
      ok: true,
      value: written,
      at: 9,
    });
  });

  it('turns a value of another shape into an E_INTERNAL error', () => {
    const narrowed = narrowOutcome({ ok: true, value: state, at: 9 }, isWriteResult);
    expect(narrowed?.ok).toBe(false);
    expect(narrowed !== undefined && !narrowed.ok && narrowed.error.code).toBe('E_INTERNAL');
    expect(narrowed?.at).toBe(9);
  });
});

describe('current outcomes', () => {
  const detached: ProcessState = { ...state, attachment: null };

  it('keep an attach success only while that attachment lasts', () => {
    expect(isCurrentAttach(state, state)).toBe(true);
    expect(isCurrentAttach(state, detached)).toBe(false);
    expect(isCurrentAttach(state, { ...state, pid: 8 })).toBe(false);
  });

  it('keep a write success only while it lies in the current attachment', () => {
    const writer: ProcessState = {
      ...state,
      name: 'A',
      attachment: { ...state.attachment!, readOnly: false },
    };
    expect(isCurrentWrite(written, writer)).toBe(true);
    expect(isCurrentWrite({ ...written, address: '0x7f0000001000' }, writer)).toBe(false);
    expect(isCurrentWrite(written, detached)).toBe(false);
  });

  it('drop stale successes but keep errors', () => {
    const ok = { ok: true as const, value: 1, at: 2 };
    const failed = { ok: false as const, error: { code: 'EINVAL', message: 'x' }, at: 3 };
    expect(currentOutcome(ok, () => false)).toBeUndefined();
    expect(currentOutcome(ok, () => true)).toBe(ok);
    expect(currentOutcome(failed, () => false)).toBe(failed);
    expect(currentOutcome(undefined, () => true)).toBeUndefined();
  });
});
