// Both readers of who maps what, over folders laid out like /proc holding files captured from
// real processes: the addon's scanner (what the machine view runs) and the TypeScript reference.
// Each case runs against both, so a rule one of them breaks fails here.
import {
  chownSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { native } from '../lab/native';
import type { MapperScan, ScanOptions } from './mappers';
import { scanMappers } from './mappers';
import { scanMappersFromText } from './mappers-text';

const fixtures = join(import.meta.dirname, 'fixtures');
const isRoot = process.getuid?.() === 0;
let root = '';
afterEach(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
  root = '';
});

/** What a process folder holds: maps and comm, and the uid that owns the folder. */
interface ProcessFiles {
  readonly maps: string;
  readonly comm: string;
  /** The effective uid the kernel gives /proc/<pid>: set where this test may chown (root). */
  readonly uid?: number;
}

/** A folder laid out like /proc: pid → its files, or null for a process gone since the readdir. */
function procFolder(processes: Record<string, ProcessFiles | null>): string {
  root = mkdtempSync(join(tmpdir(), 'shmlab-proc-'));
  mkdirSync(join(root, 'sys'));
  writeFileSync(join(root, 'uptime'), '1.00 2.00\n');
  for (const [pid, files] of Object.entries(processes)) {
    mkdirSync(join(root, pid));
    if (files === null) continue; // a process that exited after the readdir: no maps any more
    writeFileSync(join(root, pid, 'maps'), files.maps);
    writeFileSync(join(root, pid, 'comm'), files.comm);
    if (isRoot && files.uid !== undefined) chownSync(join(root, pid), files.uid, files.uid);
  }
  return root;
}

/** The uid both readers must report for a process folder: its owner. */
const ownerOf = (pid: number): number => statSync(join(root, String(pid))).uid;

const captured = (file: string) => readFileSync(join(fixtures, file), 'utf8');

const readers: { name: string; scan: (options: ScanOptions) => Promise<MapperScan> }[] = [
  { name: 'the addon’s scanner', scan: (options) => scanMappers(native.scanProcMaps, options) },
  { name: 'the TypeScript reference', scan: (o) => scanMappersFromText({ ...o, batch: 1 }) },
];

describe.each(readers)('$name over captured maps', ({ scan: read }) => {
  // Captured from ipc-peer (fixtures/ipc-peer.c) on Linux 6.18: "create" ran as uid 65534 and
  // mapped segment 2523195 and /dev/shm/shmlab-capture read-write; "map" ran as root and mapped
  // both read-only.
  it('finds each SYSV line by its inode and each /dev/shm line by name, with who maps it', async () => {
    const folder = procFolder({
      11567: { maps: captured('maps-ipc-peer-create.txt'), comm: 'ipc-peer\n', uid: 65534 },
      11586: { maps: captured('maps-ipc-peer-map.txt'), comm: 'ipc-peer\n', uid: 0 },
      11600: null,
    });
    const scan = await read({
      procRoot: folder,
      labProcesses: new Map([[11586, 'A']]),
      userName: (uid) => (uid === 0 ? 'root' : null),
    });
    // Run as root, the folders belong to the uids the peers ran as (65534 and root).
    const [creatorUid, mapperUid] = [ownerOf(11567), ownerOf(11586)];
    expect(isRoot ? [creatorUid, mapperUid] : []).toEqual(isRoot ? [65534, 0] : []);
    expect(scan.processesRead).toBe(2);
    // 11600 is gone (ENOENT), which is neither read nor unreadable.
    expect(scan.processesUnreadable).toBe(0);
    expect([...scan.segments.keys()]).toEqual([2523195]);
    expect(scan.segments.get(2523195)).toEqual([
      {
        pid: 11567,
        command: 'ipc-peer',
        uid: creatorUid,
        user: creatorUid === 0 ? 'root' : null,
        address: '0x7fc16bf4b000',
        size: 0x3000,
        readOnly: false,
        labProcess: null,
      },
      {
        pid: 11586,
        command: 'ipc-peer',
        uid: mapperUid,
        user: mapperUid === 0 ? 'root' : null,
        address: '0x7fa58973b000',
        size: 0x3000,
        readOnly: true,
        labProcess: 'A',
      },
    ]);
    expect([...scan.posix.keys()]).toEqual(['/shmlab-capture']);
    expect(scan.posix.get('/shmlab-capture')).toEqual([
      {
        mapper: expect.objectContaining({ pid: 11567, address: '0x7fc16bf48000', readOnly: false }),
        device: { major: 0, minor: 0x1b },
        inode: 2,
      },
      {
        mapper: expect.objectContaining({ pid: 11586, address: '0x7fa589738000', readOnly: true }),
        device: { major: 0, minor: 0x1b },
        inode: 2,
      },
    ]);
  });

  it('ignores lines that only look like a segment or an object, and unlinked objects', async () => {
    const lines = [
      // A private mapping of a file whose name contains /SYSV: not a segment.
      '7f0000000000-7f0000001000 r--p 00000000 fe:00 77 /home/a/SYSV00000001 (deleted)',
      // A private mapping of a segment's name (no kernel makes one): not an attachment.
      '7f0000000000-7f0000001000 r--p 00000000 00:01 78 /SYSV00000001 (deleted)',
      // An object unlinked with shm_open's name still mapped: no longer in /dev/shm.
      '7f0000001000-7f0000002000 rw-s 00000000 00:1b 9 /dev/shm/gone (deleted)',
      // A keyed segment, and the same segment attached a second time: two attachments.
      '7f0000002000-7f0000003000 rw-s 00000000 00:01 42 /SYSV0000002a (deleted)',
      '7f0000003000-7f0000004000 r--s 00000000 00:01 42 /SYSV0000002a (deleted)',
      // File names with a carriage return or U+2028: the maps pattern cannot take them; left
      // out, not fatal.
      '7f0000005000-7f0000006000 rw-s 00000000 00:1b 11 /dev/shm/odd\rname',
      '7f0000005000-7f0000006000 rw-s 00000000 00:1b 12 /dev/shm/odd\u2028name',
      // Not the shape maps lines have: capital hex, an inode past 2^53, a key of 7 digits,
      // no space before the path, a stray character after the permissions.
      '7F0000006000-7f0000007000 rw-s 00000000 00:01 43 /SYSV0000002b (deleted)',
      '7f0000006000-7f0000007000 rw-s 00000000 00:01 9007199254740993 /SYSV0000002c (deleted)',
      '7f0000006000-7f0000007000 rw-s 00000000 00:01 44 /SYSV000002d (deleted)',
      '7f0000006000-7f0000007000 rw-s 00000000 00:01 45/SYSV0000002e (deleted)',
      '7f0000006000-7f0000007000 rw-sx 00000000 00:01 46 /SYSV0000002f (deleted)',
      // A /dev/shm file whose name contains /SYSV: one object, listed once.
      '7f0000004000-7f0000005000 rw-s 00000000 00:1b 10 /dev/shm/x/SYSV00000000',
      // The largest inode a number holds exactly, a low address the kernel pads with zeros, and
      // a name with spaces and non-ASCII letters.
      '00400000-00402000 rw-s 00000000 00:01 9007199254740991 /SYSV00000000 (deleted)',
      '7f0000008000-7f0000009000 r--p 00000000 00:1b 13 /dev/shm/été  2',
      '',
    ].join('\n');
    const folder = procFolder({ 7: { maps: lines, comm: 'peer\n', uid: 1001 } });
    const scan = await read({ procRoot: folder });
    expect([...scan.segments.keys()]).toEqual([42, 9007199254740991]);
    expect(scan.segments.get(42)?.map((m) => [m.address, m.readOnly, m.uid])).toEqual([
      ['0x7f0000002000', false, ownerOf(7)],
      ['0x7f0000003000', true, ownerOf(7)],
    ]);
    expect(scan.segments.get(9007199254740991)?.map((m) => [m.address, m.size])).toEqual([
      ['0x400000', 0x2000],
    ]);
    expect([...scan.posix.keys()]).toEqual(['/x/SYSV00000000', '/été  2']);
    expect(scan.posix.get('/x/SYSV00000000')).toHaveLength(1);
    expect(scan.posix.get('/été  2')?.map(({ mapper }) => mapper.readOnly)).toEqual([true]);
  });

  it('takes the name from comm as it is, and leaves out a process that has none', async () => {
    const maps = '7f0000002000-7f0000003000 rw-s 00000000 00:01 42 /SYSV0000002a (deleted)\n';
    const folder = procFolder({
      // comm ends with the kernel's newline; the name itself may end in a newline or a space.
      30: { maps, comm: 'one\\two \n\n', uid: 6 },
      // Gone between its maps and its name: an empty comm, as a reader of a dead task gets.
      31: { maps, comm: '' },
      33: { maps: '', comm: 'nothing-mapped\n' },
    });
    const scan = await read({ procRoot: folder, userName: (uid) => `user${uid}` });
    expect(scan.processesRead).toBe(3);
    expect(scan.segments.get(42)).toEqual([
      {
        pid: 30,
        command: 'one\\two \n',
        uid: ownerOf(30),
        user: `user${ownerOf(30)}`,
        address: '0x7f0000002000',
        size: 0x1000,
        readOnly: false,
        labProcess: null,
      },
    ]);
  });

  it('reads a maps file many times larger than its first buffer, to its last line', async () => {
    const library = (index: number) =>
      `${(0x7e0000000000 + index * 0x1000).toString(16)}-${(0x7e0000001000 + index * 0x1000).toString(16)} r-xp 00000000 fe:00 123 /usr/lib/x86_64-linux-gnu/libexample.so.${index}`;
    const segment = (index: number) =>
      `${(0x7f0000000000 + index * 0x1000).toString(16)}-${(0x7f0000001000 + index * 0x1000).toString(16)} rw-s 00000000 00:01 ${index} /SYSV00000000 (deleted)`;
    // About 8 MiB: hits at the start, across every doubling of the buffer, and on the last line
    // (which has no newline).
    const lines = Array.from({ length: 100_000 }, (_, index) =>
      index % 9_999 === 0 ? segment(index) : library(index),
    );
    const folder = procFolder({ 40: { maps: lines.join('\n'), comm: 'big\n' } });
    const scan = await read({ procRoot: folder });
    const expected = lines.flatMap((_, index) => (index % 9_999 === 0 ? [index] : []));
    expect(expected.at(-1)).toBe(99_990);
    expect([...scan.segments.keys()]).toEqual(expected);
    expect(scan.segments.get(99_990)?.map((m) => [m.pid, m.command, m.address])).toEqual([
      [40, 'big', `0x${(0x7f0000000000 + 99_990 * 0x1000).toString(16)}`],
    ]);
  });

  it('fails with the folder’s own error when the process folder cannot be listed', async () => {
    await expect(
      read({ procRoot: join(tmpdir(), `shmlab-no-proc-${process.pid}`) }),
    ).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
