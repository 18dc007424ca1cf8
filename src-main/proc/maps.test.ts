import { realpath } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { native } from '../lab/native';
import { startZombie } from './fixtures/zombie';
import type { MapsRegion } from './maps';
import {
  findShmRegion,
  parseMaps,
  readExecutablePath,
  readMaps,
  regionKind,
  shmKeyOfPath,
} from './maps';
import { ProcFileError, ProcFormatError } from './proc-error';

// Lines as Linux 6.18 prints them, plus files whose names hold spaces and '(deleted)'.
const SAMPLE = `00400000-00b6f000 r--p 00000000 fe:00 260689                             /usr/bin/node
00b72000-025fe000 r-xp 00772000 fe:00 260689                             /usr/bin/node
0563e000-0565d000 rw-p 0523d000 fe:00 260689                             /usr/bin/node
1c04e000-1c313000 rw-p 00000000 00:00 0                                  [heap]
7f5ea3e40000-7f5ea3fd2000 r-xp 014c4000 fe:00 260689                     /usr/bin/node
7f5ea9df5000-7f5ea9df8000 rw-s 00000000 00:01 2                          /SYSV00000000 (deleted)
7f5ea9df8000-7f5ea9e19000 rw-p 00000000 00:00 0 

7f5eaa000000-7f5eaa001000 rw-s 00000000 00:01 32771                      /SYSVdeadbeef (deleted)
7f5eaa100000-7f5eaa200000 r--s 100000000 08:01 1234                      /tmp/my data (copy).bin
7f5eaa200000-7f5eaa201000 rw-p 00000000 08:01 99                         /tmp/gone (deleted)
7f5eaa300000-7f5eaa301000 rw-p 00000000 00:00 0                          [anon:v8 heap]
7f5eaca1b000-7f5eaca1e000 r--p 00000000 fe:00 5325591                    /work/main/native/build/Release/shmlab.node
7f5eaca1e000-7f5eaca2f000 r-xp 00003000 fe:00 5325591                    /work/main/native/build/Release/shmlab.node
7f5eacb00000-7f5eacb20000 r-xp 00000000 fe:00 4001                       /usr/lib/x86_64-linux-gnu/libc.so.6
7f5eacbd2000-7f5eacbd6000 r--p 00000000 00:00 0                          [vvar]
7f5eacbd6000-7f5eacbd8000 r--p 00000000 00:00 0                          [vvar_vclock]
7f5eacbd8000-7f5eacbda000 r-xp 00000000 00:00 0                          [vdso]
7fffb002e000-7fffb004f000 rw-p 00000000 00:00 0                          [stack]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
`;

const regions = parseMaps(SAMPLE);
const at = (path: string): MapsRegion => {
  const region = regions.find((candidate) => candidate.path === path);
  if (region === undefined) throw new Error(`sample has no ${path}`);
  return region;
};

describe('parseMaps', () => {
  it('parses every non-blank line with bigint addresses, even [vsyscall]', () => {
    expect(regions).toHaveLength(19);
    expect(at('[vsyscall]')).toEqual({
      start: 0xffffffffff600000n,
      end: 0xffffffffff601000n,
      perms: { raw: '--xp', read: false, write: false, execute: true, shared: false },
      offset: 0n,
      dev: { major: 0, minor: 0 },
      inode: 0,
      path: '[vsyscall]',
      deleted: false,
    });
  });

  it('reads perms, offset, device and inode of file mappings', () => {
    expect(regions[1]).toMatchObject({
      start: 0xb72000n,
      end: 0x25fe000n,
      perms: { raw: 'r-xp', read: true, write: false, execute: true, shared: false },
      offset: 0x772000n,
      dev: { major: 0xfe, minor: 0 },
      inode: 260689,
      path: '/usr/bin/node',
    });
  });

  it('keeps paths with spaces and the (deleted) suffix; anonymous regions have path ""', () => {
    expect(at('/tmp/my data (copy).bin')).toMatchObject({ offset: 0x100000000n, deleted: false });
    expect(at('/tmp/gone (deleted)').deleted).toBe(true);
    expect(at('/SYSV00000000 (deleted)')).toMatchObject({ inode: 2, deleted: true });
    expect(regions[6]).toMatchObject({ path: '', inode: 0, start: 0x7f5ea9df8000n });
  });

  it('names the line of malformed input', () => {
    const bad = (text: string) => () => parseMaps(text, '/proc/1/maps');
    expect(bad('00400000-00b6f000 r--q 00000000 fe:00 1 /x')).toThrow(ProcFormatError);
    expect(bad('\n00400000 r--p 00000000 fe:00 1 /x')).toThrow(/\/proc\/1\/maps line 2: not a/);
    expect(bad('00400000-00b6f000 r--p 00000000 fe:00 99999999999999999999 /x')).toThrow(
      /inode does not fit/,
    );
  });
});

describe('System V regions', () => {
  it('reads the key from the path as the signed key_t /proc/sysvipc/shm prints', () => {
    expect(shmKeyOfPath('/SYSV0000002a (deleted)')).toBe(42);
    expect(shmKeyOfPath('/SYSV00000000 (deleted)')).toBe(0);
    expect(shmKeyOfPath('/SYSVdeadbeef (deleted)')).toBe(-559038737);
    expect(shmKeyOfPath('/SYSV2a (deleted)')).toBeNull();
    expect(shmKeyOfPath('/tmp/SYSV00000000')).toBeNull();
  });

  it('finds an attachment by shmid (the inode) and optionally by address', () => {
    expect(findShmRegion(regions, 32771)?.start).toBe(0x7f5eaa000000n);
    expect(findShmRegion(regions, 2, 0x7f5ea9df5000n)?.path).toBe('/SYSV00000000 (deleted)');
    expect(findShmRegion(regions, 2, 0x7f5eaa000000n)).toBeUndefined();
    // Inode 99 belongs to an ordinary file, not to segment 99.
    expect(findShmRegion(regions, 99)).toBeUndefined();
  });
});

describe('regionKind', () => {
  const kinds = (executable?: string) => regions.map((region) => regionKind(region, executable));
  const rest = ['heap', 'text', 'shm', 'anonymous', 'shm', 'file', 'file', 'anonymous'];
  const tail = ['library', 'library', 'library', 'vvar', 'vvar', 'vdso', 'stack', 'vsyscall'];

  it('splits the main executable into text and data when told its path', () => {
    expect(kinds('/usr/bin/node')).toEqual(['data', 'text', 'data', ...rest, ...tail]);
  });

  it('without the path, takes executable non-library files as text and the rest as file', () => {
    expect(kinds()).toEqual(['file', 'text', 'file', ...rest, ...tail]);
  });

  it('counts a deleted executable as the executable', () => {
    const [region] = parseMaps('00400000-00401000 r-xp 00000000 fe:00 7 /opt/app (deleted)');
    expect(region && regionKind(region, '/opt/app')).toBe('text');
    expect(region && regionKind(region, '/opt/other')).toBe('library');
  });
});

describe('readMaps (this process)', () => {
  const created: number[] = [];
  afterEach(() => {
    for (const shmid of created.splice(0)) native.shmctl(shmid, 'IPC_RMID');
  });

  it('lists this process’s heap, stack and executable text', async () => {
    const own = await readMaps(process.pid);
    const executable = await readExecutablePath(process.pid);
    expect(executable).toBe(await realpath(process.execPath));
    const found = new Set(own.map((region) => regionKind(region, executable)));
    for (const kind of ['text', 'data', 'heap', 'stack', 'vdso', 'anonymous'] as const) {
      expect(found).toContain(kind);
    }
    for (const region of own) expect(region.end).toBeGreaterThan(region.start);
  });

  it('names a keyed segment /SYSV<key as 8 hex digits>, signed keys included', async () => {
    const { IPC_CREAT, IPC_EXCL } = native.constants;
    for (const key of [0x2a000000 + (process.pid % 0x10000), -0x21524111 - process.pid]) {
      const shmid = native.shmget(key, native.constants.pageSize, IPC_CREAT | IPC_EXCL | 0o600);
      created.push(shmid);
      const attachment = native.shmat(shmid);
      try {
        const region = findShmRegion(await readMaps(process.pid), shmid, attachment.address);
        const hex = (key >>> 0).toString(16).padStart(8, '0');
        expect(region?.path).toBe(`/SYSV${hex} (deleted)`);
        expect(region && shmKeyOfPath(region.path)).toBe(key);
      } finally {
        attachment.detach();
      }
    }
  });

  it('rejects with ENOENT for a process that does not exist, and a bad pid up front', async () => {
    const gone = readMaps(2147483647);
    await expect(gone).rejects.toBeInstanceOf(ProcFileError);
    await expect(gone).rejects.toMatchObject({ code: 'ENOENT', path: '/proc/2147483647/maps' });
    await expect(readMaps(0)).rejects.toThrow(RangeError);
    await expect(readExecutablePath(2147483647)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads an exited, unreaped process as having no regions', async () => {
    const zombie = await startZombie();
    try {
      expect(await readMaps(zombie.pid)).toEqual([]);
    } finally {
      zombie.release();
    }
  });
});
