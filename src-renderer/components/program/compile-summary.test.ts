import { describe, expect, it } from 'vitest';
import type { CompileResult } from '../../../src-main/common/api';
import { compileSummary } from './compile-summary';

const base: CompileResult = {
  programId: 'p1',
  ok: true,
  command: ['/usr/bin/cc'],
  exitCode: 0,
  signal: null,
  output: '',
  diagnostics: [],
  durationMs: 84.4,
};

describe('the compile summary', () => {
  it('says a clean build', () => {
    expect(compileSummary(base)).toBe('Compiled in 84 ms: no messages on your lines.');
  });

  it('counts errors, warnings and notes of a failed build', () => {
    const failed: CompileResult = {
      ...base,
      ok: false,
      programId: null,
      exitCode: 1,
      diagnostics: [
        { line: 3, column: 2, severity: 'error', message: 'a' },
        { line: 4, column: 2, severity: 'error', message: 'b' },
        { line: 5, column: null, severity: 'warning', message: 'c' },
        { line: 5, column: null, severity: 'note', message: 'd' },
      ],
    };
    expect(compileSummary(failed)).toBe(
      'Failed (exit status 1) in 84 ms: 2 errors, 1 warning, 1 note.',
    );
    expect(compileSummary({ ...failed, exitCode: null, signal: 'SIGKILL', diagnostics: [] })).toBe(
      'Failed (killed by SIGKILL) in 84 ms: no messages on your lines.',
    );
  });
});
