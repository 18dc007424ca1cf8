import { describe, expect, it } from 'vitest';
import { explainError } from './errno-text';

describe('explainError', () => {
  it('explains EEXIST from shmget in terms of IPC_EXCL', () => {
    expect(explainError('EEXIST', 'shmget')).toMatch(/IPC_EXCL/);
  });

  it('gives EINVAL a meaning that depends on the syscall', () => {
    expect(explainError('EINVAL', 'shmat')).toMatch(/SHMLBA/);
    expect(explainError('EINVAL', 'shmctl')).toMatch(/removed/);
    expect(explainError('EINVAL', 'shmat')).not.toBe(explainError('EINVAL', 'shmctl'));
  });

  it('explains E_BUSY, a process asked more than it may hold: what happened and what to do', () => {
    const words = explainError('E_BUSY', 'shmat');
    expect(words).toMatch(/not answered/);
    expect(words).toMatch(/Wait for its answers and try again/);
  });

  it('falls back to the general text, and to null for unknown codes', () => {
    expect(explainError('E_READ_ONLY')).toMatch(/SHM_RDONLY/);
    expect(explainError('EACCES', 'nosuchcall')).toMatch(/Permission/);
    expect(explainError('EWHATEVER')).toBeNull();
  });
});
