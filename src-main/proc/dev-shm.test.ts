import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDevShm } from './dev-shm';

const isRoot = process.getuid?.() === 0;
let folder = '';
afterEach(() => {
  if (folder !== '') rmSync(folder, { recursive: true, force: true });
  folder = '';
});

describe('readDevShm', () => {
  it('lists regular files only, with the facts stat(1) prints for each', () => {
    // A folder laid out like /dev/shm: real files, a folder, a symlink and a FIFO beside them.
    folder = mkdtempSync(join(tmpdir(), 'shmlab-devshm-'));
    writeFileSync(join(folder, 'zeta'), Buffer.alloc(12_345), { mode: 0o640 });
    writeFileSync(join(folder, 'alpha'), '', { mode: 0o600 });
    utimesSync(join(folder, 'alpha'), 1_700_000_000, 1_600_000_000);
    if (isRoot) chownSync(join(folder, 'zeta'), 65534, 65534);
    mkdirSync(join(folder, 'folder'));
    symlinkSync(join(folder, 'zeta'), join(folder, 'link'));
    execFileSync('mkfifo', [join(folder, 'fifo')]);

    const entries = readDevShm(folder);
    expect(entries.map((entry) => entry.name)).toEqual(['/alpha', '/zeta']);
    for (const entry of entries) {
      const path = join(folder, entry.name.slice(1));
      // stat(1) with a format: size, uid, gid, octal mode, a/m/c times in seconds, device, inode.
      const printed = execFileSync('stat', ['-c', '%s %u %g %a %X %Y %Z %d %i', path], {
        encoding: 'utf8',
      });
      const [size, uid, gid, mode, atime, mtime, ctime, dev, ino] = printed.trim().split(' ');
      expect(entry).toEqual({
        name: entry.name,
        size: Number(size),
        uid: Number(uid),
        gid: Number(gid),
        mode: Number.parseInt(mode ?? '', 8),
        atime: Number(atime),
        mtime: Number(mtime),
        ctime: Number(ctime),
        dev: Number(dev),
        ino: Number(ino),
      });
    }
    expect(entries[0]).toMatchObject({
      size: 0,
      mode: 0o600,
      atime: 1_700_000_000,
      mtime: 1_600_000_000,
    });
    expect(entries[1]).toMatchObject({ size: 12_345, mode: 0o640 });
    if (isRoot) expect(entries[1]).toMatchObject({ uid: 65534, gid: 65534 });
    expect(statSync(join(folder, 'zeta')).size).toBe(12_345);
  });

  it('throws a ProcFileError when the folder does not exist', () => {
    expect(() => readDevShm('/dev/shm/no/such/folder')).toThrow(
      expect.objectContaining({ name: 'ProcFileError', code: 'ENOENT' }),
    );
  });
});
