import { afterEach, describe, expect, it } from 'vitest';
import { native } from '../lab/native';
import { ProcFileError, ProcFormatError } from './proc-error';
import { parseSysvShm, readSysvShm } from './sysvipc-shm';

// As Linux 6.18 prints it (x86_64): a segment marked for destruction (perms 1600 = SHM_DEST|0600,
// key reset to 0) and one with a key whose top bit is set (key_t is signed).
const HEADER =
  '       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap';
const SAMPLE = [
  HEADER,
  '         0          2  1600                 10000  7314  7314      1     0     0     0     0 1795743245          0 1795743245                  4096                     0',
  '-559038737      32771   644           68719476736  7400  7401      0  1000   100  1000   100 1795743300 1795743301 1795743299                     0                 65536',
  '',
].join('\n');

function formatError(run: () => unknown): ProcFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProcFormatError) return error;
    throw error;
  }
  throw new Error('expected a ProcFormatError');
}

describe('parseSysvShm', () => {
  it('reads every column as numbers: octal perms, signed keys, sizes in bytes', () => {
    expect(parseSysvShm(SAMPLE)).toEqual([
      {
        key: 0,
        shmid: 2,
        perms: 0o1600,
        size: 10000,
        cpid: 7314,
        lpid: 7314,
        nattch: 1,
        uid: 0,
        gid: 0,
        cuid: 0,
        cgid: 0,
        atime: 1795743245,
        dtime: 0,
        ctime: 1795743245,
        rss: 4096,
        swap: 0,
        extra: {},
      },
      {
        key: -559038737,
        shmid: 32771,
        perms: 0o644,
        size: 64 * 2 ** 30,
        cpid: 7400,
        lpid: 7401,
        nattch: 0,
        uid: 1000,
        gid: 100,
        cuid: 1000,
        cgid: 100,
        atime: 1795743300,
        dtime: 1795743301,
        ctime: 1795743299,
        rss: 0,
        swap: 65536,
        extra: {},
      },
    ]);
  });

  it('finds columns by header name, keeping unknown ones as text', () => {
    const text = [
      '\n',
      'shmid key size perms cpid lpid nattch uid gid cuid cgid atime dtime ctime swap rss numa',
      '7 42 4096 600 1 2 3 4 5 6 7 8 9 10 11 12 node0',
      '',
      '',
    ].join('\n');
    const [row] = parseSysvShm(text);
    expect(row).toMatchObject({ shmid: 7, key: 42, size: 4096, perms: 0o600, swap: 11, rss: 12 });
    expect(row?.extra).toEqual({ numa: 'node0' });
  });

  it('returns no records for a table with only its header', () => {
    expect(parseSysvShm(`${HEADER}\n`)).toEqual([]);
  });

  it('names the line and the problem of malformed text', () => {
    const short = formatError(() => parseSysvShm(`${HEADER}\n 0 2 600 10000\n`));
    expect(short).toMatchObject({
      code: 'E_PROC_FORMAT',
      lineNumber: 2,
      source: '/proc/sysvipc/shm',
    });
    expect(short.message).toMatch(/expected 16 fields as in the header, found 4/);

    const row = '0 2 600 10000 1 1 1 0 0 0 0 0 0 0 0 0';
    expect(
      formatError(() => parseSysvShm(`${HEADER}\n${row.replace('10000', '1e4')}`)).message,
    ).toMatch(/column "size" is not a whole number/);
    expect(
      formatError(() => parseSysvShm(`${HEADER}\n${row.replace(' 600 ', ' 680 ')}`)).message,
    ).toMatch(/column "perms"/);
    const huge = row.replace('10000', '18446744073709551615');
    expect(formatError(() => parseSysvShm(`${HEADER}\n${huge}`)).message).toMatch(/below 2\^53/);
    expect(formatError(() => parseSysvShm(HEADER.replace(' rss ', ' rsss '))).message).toMatch(
      /header has no "rss" column/,
    );
    expect(formatError(() => parseSysvShm('\n\n')).message).toMatch(/no header line/);
  });
});

describe('readSysvShm', () => {
  const created: number[] = [];
  afterEach(() => {
    for (const shmid of created.splice(0)) native.shmctl(shmid, 'IPC_RMID');
  });

  it('lists a live segment as IPC_STAT describes it, and drops it after IPC_RMID', async () => {
    const shmid = native.shmget(native.constants.IPC_PRIVATE, 5000, 0o640);
    created.push(shmid);
    const stat = native.shmctl(shmid, 'IPC_STAT');
    const row = (await readSysvShm()).find((record) => record.shmid === shmid);
    expect(row).toEqual({
      key: stat.key,
      shmid,
      perms: stat.mode,
      size: 5000,
      cpid: process.pid,
      lpid: 0,
      nattch: 0,
      uid: stat.uid,
      gid: stat.gid,
      cuid: stat.cuid,
      cgid: stat.cgid,
      atime: 0,
      dtime: 0,
      ctime: stat.ctime,
      rss: 0,
      swap: 0,
      extra: {},
    });
    expect(row?.perms).toBe(0o640);

    native.shmctl(shmid, 'IPC_RMID');
    created.length = 0;
    expect((await readSysvShm()).some((record) => record.shmid === shmid)).toBe(false);
  });

  it('throws a ProcFileError with the errno name when the file is missing', async () => {
    const failure = readSysvShm('/proc/sysvipc/no-such-table');
    await expect(failure).rejects.toBeInstanceOf(ProcFileError);
    await expect(failure).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open' });
  });
});
