import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanMappers } from './mappers';

const fixtures = join(import.meta.dirname, 'fixtures');
let root = '';
afterEach(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
  root = '';
});

/** A folder laid out like /proc, holding files captured from real processes. */
function procFolder(processes: Record<string, { maps: string; status: string } | null>): string {
  root = mkdtempSync(join(tmpdir(), 'shmlab-proc-'));
  mkdirSync(join(root, 'sys'));
  writeFileSync(join(root, 'uptime'), '1.00 2.00\n');
  for (const [pid, files] of Object.entries(processes)) {
    mkdirSync(join(root, pid));
    if (files === null) continue; // a process that exited after the readdir: no maps any more
    copyFileSync(join(fixtures, files.maps), join(root, pid, 'maps'));
    copyFileSync(join(fixtures, files.status), join(root, pid, 'status'));
    writeFileSync(join(root, pid, 'comm'), 'ipc-peer\n');
  }
  return root;
}

describe('scanMappers over captured maps', () => {
  // Captured from ipc-peer (fixtures/ipc-peer.c) on Linux 6.18: "create" ran as uid 65534 and
  // mapped segment 2523195 and /dev/shm/shmlab-capture read-write; "map" ran as root and mapped
  // both read-only.
  it('finds each SYSV line by its inode and each /dev/shm line by name, with who maps it', async () => {
    const folder = procFolder({
      11567: { maps: 'maps-ipc-peer-create.txt', status: 'status-nobody.txt' },
      11586: { maps: 'maps-ipc-peer-map.txt', status: 'status-root.txt' },
      11600: null,
    });
    const scan = await scanMappers({
      procRoot: folder,
      labProcesses: new Map([[11586, 'A']]),
      userName: (uid) => (uid === 0 ? 'root' : null),
      batch: 1,
    });
    expect(scan.processesRead).toBe(2);
    // 11600 is gone (ENOENT), which is neither read nor unreadable.
    expect(scan.processesUnreadable).toBe(0);
    expect([...scan.segments.keys()]).toEqual([2523195]);
    expect(scan.segments.get(2523195)).toEqual([
      {
        pid: 11567,
        command: 'ipc-peer',
        uid: 65534,
        user: null,
        address: '0x7fc16bf4b000',
        size: 0x3000,
        readOnly: false,
        labProcess: null,
      },
      {
        pid: 11586,
        command: 'ipc-peer',
        uid: 0,
        user: 'root',
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
      // An object unlinked with shm_open's name still mapped: no longer in /dev/shm.
      '7f0000001000-7f0000002000 rw-s 00000000 00:1b 9 /dev/shm/gone (deleted)',
      // A keyed segment, and the same segment attached a second time: two attachments.
      '7f0000002000-7f0000003000 rw-s 00000000 00:01 42 /SYSV0000002a (deleted)',
      '7f0000003000-7f0000004000 r--s 00000000 00:01 42 /SYSV0000002a (deleted)',
      // A file name with a carriage return: the maps pattern cannot take it; left out, not fatal.
      '7f0000005000-7f0000006000 rw-s 00000000 00:1b 11 /dev/shm/odd\rname',
      // A /dev/shm file whose name contains /SYSV: one object, listed once.
      '7f0000004000-7f0000005000 rw-s 00000000 00:1b 10 /dev/shm/x/SYSV00000000',
      '',
    ].join('\n');
    const folder = procFolder({ 7: { maps: 'maps-ipc-peer-map.txt', status: 'status-root.txt' } });
    writeFileSync(join(folder, '7', 'maps'), lines);
    const scan = await scanMappers({ procRoot: folder });
    expect([...scan.segments.keys()]).toEqual([42]);
    expect(scan.segments.get(42)?.map((m) => [m.address, m.readOnly])).toEqual([
      ['0x7f0000002000', false],
      ['0x7f0000003000', true],
    ]);
    expect([...scan.posix.keys()]).toEqual(['/x/SYSV00000000']);
    expect(scan.posix.get('/x/SYSV00000000')).toHaveLength(1);
  });
});
