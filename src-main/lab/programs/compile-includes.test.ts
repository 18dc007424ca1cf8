// The text check before a compile: which files a source names, and which of them the compiler
// may read (the program's folder, the system folders).
import { describe, expect, it } from 'vitest';
import { mayRead, namedFiles, refuseFilesOutside } from './compile-includes';

const FOLDER = '/tmp/shmlab-programs-x';

describe('namedFiles', () => {
  it('finds #include and its kin, __has_include, the GCC dependency pragma and .incbin', () => {
    const text = [
      '#include <stdio.h>',
      '  #  include "/etc/shadow"',
      '%:include_next <x.h>',
      '#embed "/dev/zero"',
      '#if __has_include("/root/.ssh/id_rsa") && __has_include_next(<y.h>)',
      '#pragma GCC dependency "/etc/passwd"',
      'asm(".incbin \\"/etc/hosts\\"");',
      '#inc\\',
      'lude "../up.h"',
    ].join('\n');
    expect(namedFiles(text)).toEqual([
      { line: 1, directive: '#include', path: 'stdio.h' },
      { line: 2, directive: '#include', path: '/etc/shadow' },
      { line: 3, directive: '#include_next', path: 'x.h' },
      { line: 4, directive: '#embed', path: '/dev/zero' },
      { line: 5, directive: '__has_include', path: '/root/.ssh/id_rsa' },
      { line: 5, directive: '__has_include_next', path: 'y.h' },
      { line: 6, directive: '#pragma GCC dependency', path: '/etc/passwd' },
      { line: 7, directive: '.incbin', path: '/etc/hosts' },
      { line: 8, directive: '#include', path: '../up.h' },
    ]);
  });
});

describe('mayRead', () => {
  it('allows the system folders, the program folder, and relative names that stay inside', () => {
    for (const path of ['/usr/include/stdio.h', `${FOLDER}/p1.c`, 'sys/shm.h', 'a/../b.h']) {
      expect(mayRead(path, FOLDER)).toBe(true);
    }
  });

  it('refuses other absolute paths, and `..` that climbs out, even through a system folder', () => {
    for (const path of [
      '/etc/shadow',
      '/dev/zero',
      '/proc/self/environ',
      '/usr/../etc/shadow',
      `${FOLDER}/../other/p1.c`,
      `${FOLDER}-other/p1.c`,
      '../secret',
      'a/../../secret',
      '..',
    ]) {
      expect(mayRead(path, FOLDER)).toBe(false);
    }
  });
});

describe('refuseFilesOutside', () => {
  it('names the line, the directive and the path, and what is allowed', () => {
    const text = '#include <stdio.h>\n\n#include "/etc/shadow"\n';
    expect(() => refuseFilesOutside(text, FOLDER)).toThrow(
      expect.objectContaining({
        code: 'E_BAD_INPUT',
        message: expect.stringMatching(
          /^line 3: #include "\/etc\/shadow" names a file outside .*program's own folder and the system folders/,
        ),
      }),
    );
    expect(() => refuseFilesOutside('#include <stdio.h>\n', FOLDER)).not.toThrow();
  });
});
