import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcFileError, ProcFormatError } from './proc-error';
import { parseSysvSem, readSysvSemaphores, readSysvSemaphoresSync } from './sysvipc-sem';

// Captured from this machine (Linux 6.18, x86_64): sets made by ipcmk (keys with the top bit
// set print without a blank before the semid padding), one made by another uid (65534), one
// after a semop (otime set) and one with a small key.
const CAPTURED = readFileSync(join(import.meta.dirname, 'fixtures', 'sysvipc-sem.txt'), 'utf8');

function formatError(run: () => unknown): ProcFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProcFormatError) return error;
    throw error;
  }
  throw new Error('expected a ProcFormatError');
}

describe('parseSysvSem', () => {
  it('reads the captured lines: signed keys, octal perms, every id column, both times', () => {
    const rows = parseSysvSem(CAPTURED);
    expect(rows.map((row) => [row.key, row.semid, row.perms, row.nsems])).toEqual([
      [-1491491416, 5, 0o640, 3],
      [1617495911, 6, 0o600, 1],
      [0, 7, 0o640, 3],
      [0, 8, 0o600, 2],
      [42, 9, 0o666, 1],
    ]);
    expect(rows[2]).toEqual({
      key: 0,
      semid: 7,
      perms: 0o640,
      nsems: 3,
      uid: 65534,
      gid: 65534,
      cuid: 65534,
      cgid: 65534,
      otime: 0,
      ctime: 1795997335,
      extra: {},
    });
    expect(rows[3]?.otime).toBe(1795997335);
  });

  it('finds columns by name: reordered and unknown columns still parse', () => {
    const text =
      'semid    key perms nsems uid gid cuid cgid otime ctime future\n3 -7 644 2 1 2 3 4 5 6 x\n';
    expect(parseSysvSem(text)).toEqual([
      {
        semid: 3,
        key: -7,
        perms: 0o644,
        nsems: 2,
        uid: 1,
        gid: 2,
        cuid: 3,
        cgid: 4,
        otime: 5,
        ctime: 6,
        extra: { future: 'x' },
      },
    ]);
  });

  it('an empty table is a header alone', () => {
    expect(parseSysvSem(CAPTURED.split('\n')[0]!)).toEqual([]);
  });

  it.each([
    ['', 'no header line'],
    ['key semid perms nsems uid gid cuid cgid otime\n', 'header has no "ctime" column'],
    [
      'key semid perms nsems uid gid cuid cgid otime ctime\n1 2 3\n',
      'expected 10 fields as in the header, found 3',
    ],
    [
      'key semid perms nsems uid gid cuid cgid otime ctime\n1 2 9 1 0 0 0 0 0 0\n',
      'column "perms" is not a whole number below 2^53: "9"',
    ],
  ])('refuses malformed text %#, saying where and why', (text, reason) => {
    const error = formatError(() => parseSysvSem(text, '/test'));
    expect(error.message).toContain(reason);
    expect(error.message).toContain('/test');
  });
});

describe('readSysvSemaphores against the kernel', () => {
  const made: number[] = [];
  afterEach(() => {
    for (const semid of made.splice(0)) {
      try {
        execFileSync('ipcrm', ['-s', String(semid)], { stdio: 'ignore' });
      } catch {
        // Already removed by the test.
      }
    }
  });

  it('lists a set another program (ipcmk) made, with the numbers ipcs prints', async () => {
    const out = execFileSync('ipcmk', ['-S', '3', '-p', '0604'], { encoding: 'utf8' });
    const semid = Number(/(\d+)\s*$/.exec(out)?.[1]);
    made.push(semid);
    const row = (await readSysvSemaphores()).find((set) => set.semid === semid);
    expect(row).toMatchObject({ semid, perms: 0o604, nsems: 3, otime: 0 });
    expect(row?.cuid).toBe(process.getuid!());
    const ipcs = execFileSync('ipcs', ['-s', '-i', String(semid)], { encoding: 'utf8' });
    expect(ipcs).toContain(`nsems = ${row?.nsems}`);
    expect(ipcs).toContain(`cuid=${row?.cuid}`);
    expect(readSysvSemaphoresSync().find((set) => set.semid === semid)).toEqual(row);

    execFileSync('ipcrm', ['-s', String(semid)]);
    expect(readSysvSemaphoresSync().some((set) => set.semid === semid)).toBe(false);
  });

  it('a missing file is a ProcFileError with ENOENT', async () => {
    await expect(readSysvSemaphores('/proc/sysvipc/none')).rejects.toBeInstanceOf(ProcFileError);
    expect(() => readSysvSemaphoresSync('/proc/sysvipc/none')).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
