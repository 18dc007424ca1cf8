import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcFileError, ProcFormatError } from './proc-error';
import { parseSysvSemaphores, readSysvSemaphores } from './sysvipc-sem';

// Captured on Linux 6.18: a root set after one semop (otime set) and a set made by uid 65534,
// both with keys whose top bit is set (key_t is signed).
const CAPTURED = readFileSync(
  join(import.meta.dirname, 'fixtures', 'sysvipc-sem-owners.txt'),
  'utf8',
);

function formatError(run: () => unknown): ProcFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProcFormatError) return error;
    throw error;
  }
  throw new Error('expected a ProcFormatError');
}

describe('parseSysvSemaphores', () => {
  it('reads captured lines: signed keys, octal perms, owners and times', () => {
    expect(parseSysvSemaphores(CAPTURED)).toEqual([
      {
        key: -1820225070,
        semid: 2,
        perms: 0o640,
        nsems: 3,
        uid: 0,
        gid: 0,
        cuid: 0,
        cgid: 0,
        otime: 1795997319,
        ctime: 1795997319,
      },
      {
        key: -273965632,
        semid: 3,
        perms: 0o666,
        nsems: 1,
        uid: 65534,
        gid: 65534,
        cuid: 65534,
        cgid: 65534,
        otime: 0,
        ctime: 1795997319,
      },
    ]);
  });

  it('finds columns by header name, whatever their order, ignoring unknown ones', () => {
    const text =
      'semid nsems key ctime otime cgid cuid gid uid perms extra\n9 4 -1 8 7 6 5 4 3 1777 x\n';
    expect(parseSysvSemaphores(text)).toEqual([
      {
        key: -1,
        semid: 9,
        perms: 0o1777,
        nsems: 4,
        uid: 3,
        gid: 4,
        cuid: 5,
        cgid: 6,
        otime: 7,
        ctime: 8,
      },
    ]);
  });

  it('names the line and what is wrong with it', () => {
    const [header = ''] = CAPTURED.split('\n');
    expect(formatError(() => parseSysvSemaphores(`${header}\n1 2 3\n`))).toMatchObject({
      code: 'E_PROC_FORMAT',
      lineNumber: 2,
      source: '/proc/sysvipc/sem',
    });
    const row = '0 1 600 3 0 0 0 0 0 0';
    expect(
      formatError(() => parseSysvSemaphores(`${header}\n${row.replace(' 600 ', ' 690 ')}`)).message,
    ).toMatch(/column "perms"/);
    expect(
      formatError(() => parseSysvSemaphores(header.replace(' nsems ', ' nsem '))).message,
    ).toMatch(/header has no "nsems" column/);
    expect(formatError(() => parseSysvSemaphores('')).message).toMatch(/no header line/);
  });
});

// Real sets of another owner, read live: foreign-objects.test.ts.
describe('readSysvSemaphores', () => {
  it('throws a ProcFileError naming the errno when the table is missing', async () => {
    await expect(readSysvSemaphores('/proc/sysvipc/none')).rejects.toBeInstanceOf(ProcFileError);
    await expect(readSysvSemaphores('/proc/sysvipc/none')).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
