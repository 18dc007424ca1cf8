// The key's pieces are checked against the C library's own ftok: a real program compiled here.
/* eslint-disable no-restricted-imports -- the test compiles and runs a C program in Node */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skippableTitle } from '../../../src-main/proc/fixtures/ipc-peer';
/* eslint-enable no-restricted-imports */
import { describe, expect, it } from 'vitest';
import type { FtokResult } from '../../../src-main/common/api';
import { checkFtokForm, keyHex, keyPieces, printedKeys, printedShmids } from './ftok-model';

/** /tmp's inode and device as stat(2) gives them (the pieces of a real key). */
function tmpFacts(projectId: number, key: number): FtokResult {
  const stat = statSync('/tmp', { bigint: true });
  return {
    key,
    path: '/tmp',
    projectId,
    inode: Number(stat.ino),
    device: Number(stat.dev),
    deviceMajor: Number((stat.dev >> 8n) & 0xfffn),
    deviceMinor: Number(stat.dev & 0xffn),
  };
}

describe('keyPieces', () => {
  it('rebuilds the key from the id, the device and the inode as glibc does', () => {
    // 0x53 in the top byte, st_dev's low byte next, st_ino's low 16 bits at the bottom.
    const facts = tmpFacts(83, 0);
    const expected = ((0x53 << 24) | ((facts.device & 0xff) << 16) | (facts.inode & 0xffff)) >>> 0;
    const pieces = keyPieces({ ...facts, key: expected | 0 });
    expect(pieces.composed).toBe(expected);
    expect(pieces.matches).toBe(true);
    expect(pieces.pieces.map((piece) => [piece.source, piece.mask, piece.shift])).toEqual([
      ['project id', 0xff, 24],
      ['device', 0xff, 16],
      ['inode', 0xffff, 0],
    ]);
    expect(pieces.pieces[0]?.placed).toBe(0x53000000);
  });

  it('says when the key returned is not built that way, never hides it', () => {
    const facts = tmpFacts(1, 0x12345678);
    expect(keyPieces(facts).matches).toBe(false);
  });

  it('keeps only the low bits of a large inode and of the id', () => {
    const pieces = keyPieces({
      key: 0,
      path: '/x',
      projectId: 0x1ff,
      inode: 2 ** 40 + 0xbeef,
      device: 0x10342,
      deviceMajor: 0x103,
      deviceMinor: 0x42,
    });
    expect(pieces.pieces.map((piece) => piece.kept)).toEqual([0xff, 0x42, 0xbeef]);
    expect(keyHex(pieces.composed)).toBe('0xff42beef');
  });
});

const hasCompiler = spawnSync('cc', ['--version']).status === 0;

it.skipIf(!hasCompiler)(
  skippableTitle(
    'keyPieces matches the key a C program’s ftok gives for the same file',
    !hasCompiler,
    'no C compiler (cc) on PATH to build the program',
  ),
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'shmlab-ftok-'));
    try {
      const source =
        '#include <stdio.h>\n#include <sys/ipc.h>\n' +
        'int main(void) { printf("%d\\n", (int)ftok("/tmp", 83)); return 0; }\n';
      const built = spawnSync('cc', ['-x', 'c', '-o', join(dir, 'ftok'), '-'], { input: source });
      expect(built.status, built.stderr.toString()).toBe(0);
      const ran = spawnSync(join(dir, 'ftok'), { encoding: 'utf8' });
      expect(ran.status).toBe(0);
      const key = Number(ran.stdout.trim());
      expect(Number.isInteger(key)).toBe(true);
      expect(keyPieces(tmpFacts(83, key)).matches).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

describe('checkFtokForm', () => {
  it('takes an id in decimal, hex or as a quoted character', () => {
    expect(checkFtokForm({ path: '/tmp', projectId: '83' })).toEqual({
      ok: true,
      path: '/tmp',
      projectId: 83,
    });
    expect(checkFtokForm({ path: '/tmp', projectId: '0x53' })).toMatchObject({ projectId: 83 });
    expect(checkFtokForm({ path: '/tmp', projectId: "'S'" })).toMatchObject({ projectId: 83 });
  });

  it('names the field that is wrong and what is allowed', () => {
    expect(checkFtokForm({ path: '', projectId: '83' })).toMatchObject({
      ok: false,
      field: 'path',
    });
    for (const projectId of ['0', '256', 'x', '-1', '1.5']) {
      const check = checkFtokForm({ path: '/tmp', projectId });
      expect(check).toMatchObject({ ok: false, field: 'projectId' });
      if (!check.ok) expect(check.message).toContain('from 1 to 255');
    }
  });
});

describe('printedKeys and printedShmids', () => {
  const output =
    'ftok("/tmp", 83) = 0x5300f7e8\r\n' +
    '  from id 0x53, device 0:42 (minor & 0xff = 0x2a), inode 63464 (& 0xffff = 0xf7e8)\r\n' +
    'shmget(0x5300f7e8, ...) = 32770 (found an existing segment)\r\n' +
    'shmget(0x5300f7e8, 0, 0) again = 32770\r\n';

  it('reads the keys and the shmids a program printed for the key', () => {
    expect(printedKeys(output)).toEqual([{ path: '/tmp', projectId: 83, key: 0x5300f7e8 }]);
    expect(printedShmids(output, 0x5300f7e8)).toEqual([32770, 32770]);
    expect(printedShmids(output, 0x1234)).toEqual([]);
    expect(printedKeys('nothing here')).toEqual([]);
  });

  it('prints keys as the C starter does: 8 hex digits, unsigned', () => {
    expect(keyHex(-1)).toBe('0xffffffff');
    expect(keyHex(0x53)).toBe('0x00000053');
  });
});
