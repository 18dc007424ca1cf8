import { describe, expect, it } from 'vitest';
import { errorDetail } from './outcome-text';

describe('errorDetail', () => {
  it('keeps only what a syscall error adds to its syscall and code', () => {
    expect(
      errorDetail({
        code: 'EEXIST',
        syscall: 'shmget',
        message: 'shmget failed: File exists (EEXIST)',
      }),
    ).toBe('File exists');
  });

  it('keeps a message of another form whole', () => {
    const message = 'process A already has segment 5 attached; detach it first';
    expect(errorDetail({ code: 'E_ALREADY_ATTACHED', message })).toBe(message);
    expect(errorDetail({ code: 'EINVAL', syscall: 'shmat', message: 'the id is gone' })).toBe(
      'the id is gone',
    );
  });

  it('gives null when the message says nothing more than the code', () => {
    expect(errorDetail({ code: 'E_TIMEOUT', message: 'E_TIMEOUT' })).toBeNull();
    expect(
      errorDetail({ code: 'EIDRM', syscall: 'shmat', message: 'shmat failed:  (EIDRM)' }),
    ).toBeNull();
  });
});
