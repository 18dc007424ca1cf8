// The parser of compiler messages, on lines as gcc, clang and ld print them (typed here by us).
import { describe, expect, it } from 'vitest';
import { parseDiagnostics } from './diagnostics';

const SOURCE = '/tmp/shmlab-programs-x/p3.c';

describe('parseDiagnostics', () => {
  it('maps gcc errors, warnings and notes of the learner’s file, with columns', () => {
    const output = [
      `${SOURCE}: In function 'main':`,
      `${SOURCE}:6:10: error: 'y' undeclared (first use in this function)`,
      '    6 |   return y;',
      '      |          ^',
      `${SOURCE}:6:10: note: each undeclared identifier is reported only once`,
      `${SOURCE}:5:7: warning: unused variable 'x' [-Wunused-variable]`,
    ].join('\n');
    expect(parseDiagnostics(output, SOURCE)).toEqual([
      {
        line: 6,
        column: 10,
        severity: 'error',
        message: "'y' undeclared (first use in this function)",
      },
      {
        line: 6,
        column: 10,
        severity: 'note',
        message: 'each undeclared identifier is reported only once',
      },
      {
        line: 5,
        column: 7,
        severity: 'warning',
        message: "unused variable 'x' [-Wunused-variable]",
      },
    ]);
  });

  it('takes a fatal error as an error, and a message without a column', () => {
    const output = [
      `${SOURCE}:1:10: fatal error: nosuch.h: No such file or directory`,
      `p3.c:12: warning: no column here`,
    ].join('\n');
    expect(parseDiagnostics(output, SOURCE)).toEqual([
      { line: 1, column: 10, severity: 'error', message: 'nosuch.h: No such file or directory' },
      { line: 12, column: null, severity: 'warning', message: 'no column here' },
    ]);
  });

  it('keeps messages about other files (headers) out of the mapped list', () => {
    const output = [
      `In file included from ${SOURCE}:2:`,
      '/usr/include/stdio.h:30:1: error: something in a header',
      `/tmp/other.c:4:2: warning: another file`,
    ].join('\n');
    expect(parseDiagnostics(output, SOURCE)).toEqual([]);
  });

  it('maps a linker error that names a line (-g)', () => {
    const output = [
      "/usr/bin/ld: /tmp/ccAbc.o: in function `main':",
      `${SOURCE}:8:(.text+0x1e): undefined reference to \`frobnicate'`,
      'collect2: error: ld returned 1 exit status',
    ].join('\n');
    expect(parseDiagnostics(output, SOURCE)).toEqual([
      { line: 8, column: null, severity: 'error', message: "undefined reference to `frobnicate'" },
    ]);
  });

  it('reads clang’s form, which is the same', () => {
    const output = `${SOURCE}:3:14: error: use of undeclared identifier 'q'\n`;
    expect(parseDiagnostics(output, SOURCE)).toEqual([
      { line: 3, column: 14, severity: 'error', message: "use of undeclared identifier 'q'" },
    ]);
  });
});
