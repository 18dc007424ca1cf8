import { describe, expect, it } from 'vitest';
import { explainError } from '../../src-main/common/errno-text';
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

describe('a removed or unknown id, as the tutorial panes explain it', () => {
  it('gets the no-such-segment words, not the SHMLBA alignment text', () => {
    const words = explainError('E_NO_SUCH_SEGMENT', 'shmat');
    expect(words).toMatch(/^No segment has this id now/);
    expect(words).not.toMatch(/SHMLBA/);
    expect(
      errorDetail({ code: 'E_NO_SUCH_SEGMENT', syscall: 'shmat', message: 'no segment 5' }),
    ).toBe('no segment 5');
  });
});
