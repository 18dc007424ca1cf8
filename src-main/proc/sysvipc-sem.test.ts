import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcFileError, ProcFormatError } from './proc-error';
import {
  parseSysvSemaphores,
  readSysvSemaphores,
  readSysvSemaphoresOrNone,
  readSysvSemaphoresSync,
} from './sysvipc-sem';

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

// More captured lines (Linux 6.18): sets made by ipcmk whose negative key fills its column, one
// made by uid 65534, one after a semop, and a small key.
describe('parseSysvSemaphores, more captured lines', () => {
  it('reads every row', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures', 'sysvipc-sem.txt'), 'utf8');
    expect(
      parseSysvSemaphores(text).map((row) => [
        row.key,
        row.semid,
        row.perms,
        row.nsems,
        row.uid,
        row.otime,
      ]),
    ).toEqual([
      [-1491491416, 5, 0o640, 3, 0, 0],
      [1617495911, 6, 0o600, 1, 0, 0],
      [0, 7, 0o640, 3, 65534, 0],
      [0, 8, 0o600, 2, 0, 1795997335],
      [42, 9, 0o666, 1, 0, 0],
    ]);
  });
});

describe('readSysvSemaphoresSync against the kernel', () => {
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

  it('lists a set another program (ipcmk) made, as ipcs prints it, and not after ipcrm', async () => {
    const out = execFileSync('ipcmk', ['-S', '3', '-p', '0604'], { encoding: 'utf8' });
    const semid = Number(/(\d+)\s*$/.exec(out)?.[1]);
    made.push(semid);
    const row = readSysvSemaphoresSync().find((set) => set.semid === semid);
    expect(row).toMatchObject({ semid, perms: 0o604, nsems: 3, otime: 0, cuid: process.getuid!() });
    const ipcs = execFileSync('ipcs', ['-s', '-i', String(semid)], { encoding: 'utf8' });
    expect(ipcs).toContain(`nsems = ${row?.nsems}`);
    expect(ipcs).toContain(`cuid=${row?.cuid}`);
    expect((await readSysvSemaphores()).find((set) => set.semid === semid)).toEqual(row);
    execFileSync('ipcrm', ['-s', String(semid)]);
    expect(readSysvSemaphoresSync().some((set) => set.semid === semid)).toBe(false);
  });

  it('a missing table is a ProcFileError with ENOENT', () => {
    expect(() => readSysvSemaphoresSync('/proc/sysvipc/none')).toThrow(ProcFileError);
    expect(() => readSysvSemaphoresSync('/proc/sysvipc/none')).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });

  it('readSysvSemaphoresOrNone: the same rows, and no sets where the table is missing or malformed', () => {
    const out = execFileSync('ipcmk', ['-S', '2'], { encoding: 'utf8' });
    const semid = Number(/(\d+)\s*$/.exec(out)?.[1]);
    made.push(semid);
    const row = readSysvSemaphoresSync().find((set) => set.semid === semid);
    expect(row).toMatchObject({ semid, nsems: 2 });
    expect(readSysvSemaphoresOrNone().find((set) => set.semid === semid)).toEqual(row);
    expect(readSysvSemaphoresOrNone('/proc/sysvipc/none')).toEqual([]);
    // /proc/self/stat is readable but no semaphore table: a ProcFormatError, read as no sets.
    expect(() => readSysvSemaphoresSync('/proc/self/stat')).toThrow(ProcFormatError);
    expect(readSysvSemaphoresOrNone('/proc/self/stat')).toEqual([]);
  });
});
