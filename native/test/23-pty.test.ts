// Pseudo-terminals and ftok (issue 11): openPty gives a master we own and a slave path that is a
// real terminal; setPtySize is what `stty size` on the slave reads; bytes typed into the master
// come out of the slave through the line discipline; ftok is libc's. The raw binding re-checks
// its arguments as a backstop.
import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { expectArgumentError, expectSyscallError, shm, thrownBy } from './helpers';

interface RawBinding {
  openPty(...args: unknown[]): { masterFd: number; slavePath: string };
  setPtySize(...args: unknown[]): void;
  ftok(...args: unknown[]): number;
}
const binding = createRequire(import.meta.url)('../build/Release/shmlab.node') as RawBinding;

/** Opens a pty for one test and closes both ends afterwards. */
function withPty(body: (masterFd: number, slavePath: string) => void): void {
  const { masterFd, slavePath } = shm.openPty();
  try {
    body(masterFd, slavePath);
  } finally {
    closeSync(masterFd);
  }
}

describe('openPty', () => {
  it('returns an open master and the path of its slave, a terminal in /dev/pts', () => {
    withPty((masterFd, slavePath) => {
      expect(Number.isInteger(masterFd)).toBe(true);
      expect(fstatSync(masterFd).isCharacterDevice()).toBe(true);
      expect(slavePath).toMatch(/^\/dev\/pts\/\d+$/);
      expect(statSync(slavePath).isCharacterDevice()).toBe(true);
      // The master is not inherited by programs: FD_CLOEXEC shows in /proc as flags 02000000.
      const flags = execFileSync('cat', [`/proc/${process.pid}/fdinfo/${masterFd}`], {
        encoding: 'utf8',
      });
      const octal = /flags:\s*([0-7]+)/.exec(flags)?.[1] ?? '0';
      expect(Number.parseInt(octal, 8) & 0o2000000).toBe(0o2000000);
    });
  });

  it('the master never blocks: once the terminal holds all it can, a write fails with EAGAIN', () => {
    withPty((masterFd, slavePath) => {
      // Raw and without echo, as a full-screen program sets it: nothing typed is answered.
      execFileSync('sh', ['-c', 'stty raw -echo < "$1"', 'sh', slavePath]);
      const slave = openSync(slavePath, 'r+');
      try {
        const chunk = Buffer.alloc(4096, 'x');
        let taken = 0;
        let failure: unknown = null;
        while (failure === null && taken < 16 * 1024 * 1024) {
          try {
            taken += writeSync(masterFd, chunk);
          } catch (error) {
            failure = error;
          }
        }
        expect(failure).toMatchObject({ code: 'EAGAIN' });
        expect(taken).toBeGreaterThan(0);
      } finally {
        closeSync(slave);
      }
    });
  });

  it('setPtySize is the size the terminal reports (stty size on the slave)', () => {
    withPty((masterFd, slavePath) => {
      shm.setPtySize(masterFd, 123, 45);
      const size = execFileSync('sh', ['-c', 'stty size < "$1"', 'sh', slavePath], {
        encoding: 'utf8',
      });
      expect(size.trim()).toBe('45 123');
    });
  });

  it('a line typed into the master is read from the slave, ended by the line discipline', () => {
    withPty((masterFd, slavePath) => {
      const slave = openSync(slavePath, 'r+');
      try {
        writeSync(masterFd, 'hello\r');
        const buffer = Buffer.alloc(64);
        const read = readSync(slave, buffer, 0, buffer.length, null);
        // ICRNL: the carriage return a keyboard sends arrives as a newline.
        expect(buffer.subarray(0, read).toString()).toBe('hello\n');
      } finally {
        closeSync(slave);
      }
    });
  });

  it('setPtySize on a descriptor that is not a terminal fails as ioctl ENOTTY', () => {
    const file = openSync(tmpdir(), 'r');
    try {
      expectSyscallError(() => shm.setPtySize(file, 80, 24), 'ioctl', ['ENOTTY']);
    } finally {
      closeSync(file);
    }
  });
});

describe('ftok', () => {
  it('builds the key from the id, the device minor and the inode, as glibc does', () => {
    const stat = statSync(tmpdir(), { bigint: true });
    const minor = Number((stat.dev & 0xffn) | ((stat.dev >> 12n) & ~0xffn));
    const expected = (9 << 24) | ((minor & 0xff) << 16) | Number(stat.ino & 0xffffn) | 0;
    expect(shm.ftok(tmpdir(), 9)).toBe(expected);
  });

  it('fails as ftok ENOENT for a path that does not exist', () => {
    expectSyscallError(() => shm.ftok('/nonexistent/shmlab', 1), 'ftok', ['ENOENT']);
  });

  it('checks its arguments with messages that name them', () => {
    expectArgumentError(
      () => shm.ftok(42 as never, 1),
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      '"path"',
    );
    expectArgumentError(() => shm.ftok('', 1), RangeError, 'ERR_OUT_OF_RANGE', '"path"');
    expectArgumentError(() => shm.ftok('/a\0b', 1), RangeError, 'ERR_OUT_OF_RANGE', '"path"');
    expectArgumentError(() => shm.ftok('/', 0), RangeError, 'ERR_OUT_OF_RANGE', '"id"');
    expectArgumentError(() => shm.ftok('/', 256), RangeError, 'ERR_OUT_OF_RANGE', '"id"');
    expectArgumentError(() => shm.setPtySize(-1, 80, 24), RangeError, 'ERR_OUT_OF_RANGE', '"fd"');
    expectArgumentError(() => shm.setPtySize(0, 0, 24), RangeError, 'ERR_OUT_OF_RANGE', '"cols"');
    expectArgumentError(() => shm.setPtySize(0, 80, 1e6), RangeError, 'ERR_OUT_OF_RANGE', '"rows"');
  });
});

describe('the raw binding (backstop)', () => {
  it('refuses hostile arguments with coded errors, never a crash', () => {
    const cases: [() => unknown, string][] = [
      [() => binding.ftok(), '"path"'],
      [() => binding.ftok({}, 1), '"path"'],
      [() => binding.ftok('', 1), '"path"'],
      [() => binding.ftok('/', -1), '"id"'],
      [() => binding.ftok('/', 1.5), '"id"'],
      [() => binding.ftok('/', 2 ** 40), '"id"'],
      [() => binding.setPtySize('1', 80, 24), '"fd"'],
      [() => binding.setPtySize(0, 70000, 24), '"cols"'],
      [() => binding.setPtySize(0, 80, Number.NaN), '"rows"'],
    ];
    for (const [call, names] of cases) {
      const error = thrownBy(call, names);
      expect(['ERR_INVALID_ARG_TYPE', 'ERR_OUT_OF_RANGE'], names).toContain(error.code);
      expect(error.message, names).toContain(names);
    }
  });
});
