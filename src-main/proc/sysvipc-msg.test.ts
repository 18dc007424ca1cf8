import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProcFormatError } from './proc-error';
import { parseSysvMessageQueues, readSysvMessageQueues } from './sysvipc-msg';

// Captured on Linux 6.18: a queue holding two messages (37 + 5 bytes) sent by pid 11130.
const CAPTURED = readFileSync(join(import.meta.dirname, 'fixtures', 'sysvipc-msg.txt'), 'utf8');

describe('parseSysvMessageQueues', () => {
  it('reads captured lines: bytes and messages queued, last sender and receiver', () => {
    expect(parseSysvMessageQueues(CAPTURED)).toEqual([
      {
        key: 1937776470,
        msqid: 0,
        perms: 0o620,
        cbytes: 42,
        qnum: 2,
        lspid: 11130,
        lrpid: 0,
        uid: 0,
        gid: 0,
        cuid: 0,
        cgid: 0,
        stime: 1795997316,
        rtime: 0,
        ctime: 1795997316,
      },
    ]);
  });

  it('finds columns by header name and refuses a row that does not match the header', () => {
    const header = 'msqid key perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime';
    const [row] = parseSysvMessageQueues(`${header}\n5 -7 600 1 2 3 4 5 6 7 8 9 10 11\n`);
    expect(row).toMatchObject({ msqid: 5, key: -7, perms: 0o600, ctime: 11 });
    let error: unknown;
    try {
      parseSysvMessageQueues(`${header}\n5 -7 600\n`, 'msg');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProcFormatError);
    expect(error).toMatchObject({ source: 'msg', lineNumber: 2 });
    expect((error as Error).message).toMatch(/expected 14 fields as in the header, found 3/);
  });
});

// Real queues of another owner, read live: foreign-objects.test.ts.
describe('readSysvMessageQueues', () => {
  it('throws a ProcFileError naming the errno when the table is missing', async () => {
    await expect(readSysvMessageQueues('/proc/sysvipc/none')).rejects.toMatchObject({
      name: 'ProcFileError',
      code: 'ENOENT',
    });
  });
});
