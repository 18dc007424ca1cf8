// The machine-view readers against the live kernel: a C program (fixtures/ipc-peer.c), run as
// another uid when the tests run as root, makes a segment, a semaphore set, a message queue and
// a POSIX object and maps two of them; a second one maps them read-only. Every reader must see
// them as the kernel describes them, and nothing may be left once the peers have finished.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { native } from '../lab/native';
import { bundleForOtherUser } from '../lab/other-user-bundle';
import { readDevShm } from './dev-shm';
import type { BuiltPeer } from './fixtures/ipc-peer';
import {
  IpcPeer,
  buildIpcPeer,
  cleanUpPeers,
  hasCompiler,
  NO_COMPILER,
  skippableTitle,
  peerLeftovers,
} from './fixtures/ipc-peer';
import { scanMappers } from './mappers';
import { readSysvMessageQueues } from './sysvipc-msg';
import { readSysvSemaphores } from './sysvipc-sem';
import { readSysvShm } from './sysvipc-shm';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
/** The peer's owner: another uid when root may switch to one, else this test's own. */
const owner = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
const ownerUid = isRoot ? NOBODY : (process.getuid?.() ?? 0);
const SIZE = 10_000;
const PAGE_SIZE = native.constants.pageSize;
/** A mapping covers whole pages. */
const PAGES = Math.ceil(SIZE / PAGE_SIZE) * PAGE_SIZE;

let peer: BuiltPeer | undefined;
beforeAll(() => {
  if (hasCompiler) peer = buildIpcPeer();
});
afterEach(cleanUpPeers);
afterAll(() => {
  peer?.remove();
  expect(peerLeftovers()).toEqual({ shm: [], sem: [], msg: [], posix: [] });
});

function binary(): string {
  if (peer === undefined) throw new Error('ipc-peer was not built');
  return peer.binary;
}

const posixName = () => `/shmlab-test-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;

/** The ids of every object in a /proc/sysvipc table (column 2: shmid, semid or msqid). */
function listedIds(table: 'shm' | 'sem' | 'msg'): number[] {
  return readFileSync(`/proc/sysvipc/${table}`, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.trim().split(/\s+/)[1]));
}

describe.skipIf(!hasCompiler)(
  skippableTitle('IPC objects of another program, read live', !hasCompiler, NO_COMPILER),
  () => {
    it('every reader sees them as the kernel describes them, and who maps what', async () => {
      const name = posixName();
      const creator = await IpcPeer.start(binary(), ['create', name, String(SIZE)], owner, name);
      const shmid = creator.id('shmid');
      const semid = creator.id('semid');
      const msqid = creator.id('msqid');
      const reader = await IpcPeer.start(binary(), ['map', String(shmid), name]);

      const segment = (await readSysvShm()).find((row) => row.shmid === shmid);
      expect(segment).toMatchObject({
        key: 0,
        perms: 0o644,
        size: SIZE,
        cpid: creator.pid,
        lpid: reader.pid,
        nattch: 2,
        uid: ownerUid,
        cuid: ownerUid,
      });
      const set = (await readSysvSemaphores()).find((row) => row.semid === semid);
      expect(set).toMatchObject({ key: 0, perms: 0o640, nsems: 3, uid: ownerUid, cuid: ownerUid });
      const queue = (await readSysvMessageQueues()).find((row) => row.msqid === msqid);
      expect(queue).toMatchObject({
        key: 0,
        perms: 0o620,
        cbytes: 5,
        qnum: 1,
        lspid: creator.pid,
        lrpid: 0,
        uid: ownerUid,
      });
      // What ipcs prints for the same objects, field by field where both show one.
      const ipcsSem = execFileSync('ipcs', ['-s', '-i', String(semid)], {
        encoding: 'utf8',
        env: { LC_ALL: 'C' },
      });
      expect(ipcsSem).toMatch(new RegExp(`nsems = ${set?.nsems}\\b`));

      const object = readDevShm().find((entry) => entry.name === name);
      expect(object).toMatchObject({ size: SIZE, uid: ownerUid, mode: 0o640 });

      const scan = await scanMappers(native.scanProcMaps, {
        userName: (uid) => (uid === 0 ? 'root' : null),
      });
      expect(scan.segments.get(shmid)).toEqual([
        {
          pid: creator.pid,
          command: 'ipc-peer',
          uid: ownerUid,
          user: ownerUid === 0 ? 'root' : null,
          address: creator.address('shmaddr'),
          size: PAGES,
          readOnly: false,
          labProcess: null,
        },
        {
          pid: reader.pid,
          command: 'ipc-peer',
          uid: process.getuid?.() ?? 0,
          user: isRoot ? 'root' : null,
          address: reader.address('shmaddr'),
          size: PAGES,
          readOnly: true,
          labProcess: null,
        },
      ]);
      const posix = scan.posix.get(name) ?? [];
      expect(posix.map(({ mapper }) => [mapper.pid, mapper.address, mapper.readOnly])).toEqual([
        [creator.pid, creator.address('posixaddr'), false],
        [reader.pid, reader.address('posixaddr'), true],
      ]);
      expect(posix.every(({ inode }) => inode === object?.ino)).toBe(true);
      expect(scan.processesRead).toBeGreaterThanOrEqual(3); // the peers and this process at least

      expect([await reader.finish(), reader.stderr()]).toEqual([0, '']);
      expect((await readSysvShm()).find((row) => row.shmid === shmid)?.nattch).toBe(1);
      expect(
        (await scanMappers(native.scanProcMaps)).segments.get(shmid)?.map((m) => m.pid),
      ).toEqual([creator.pid]);

      expect([await creator.finish(), creator.stderr()]).toEqual([0, '']);
      expect(listedIds('shm')).not.toContain(shmid);
      expect(listedIds('sem')).not.toContain(semid);
      expect(listedIds('msg')).not.toContain(msqid);
      expect(readDevShm().some((entry) => entry.name === name)).toBe(false);
    });

    it.skipIf(!isRoot)(
      skippableTitle(
        'counts the processes another user may not read, and still finds its own',
        !isRoot,
        'needs root, to run a peer as another user (uid 65534)',
      ),
      async () => {
        const name = posixName();
        const creator = await IpcPeer.start(
          binary(),
          ['create', name, String(PAGE_SIZE)],
          owner,
          name,
        );
        const shmid = creator.id('shmid');
        // Root maps it too: uid 65534 may not read root's maps.
        const reader = await IpcPeer.start(binary(), ['map', String(shmid), name]);
        const bundle = await bundleForOtherUser({
          'scan-as-user': join(import.meta.dirname, 'fixtures', 'scan-as-user.ts'),
        });
        try {
          const run = spawnSync(process.execPath, [join(bundle, 'scan-as-user.js')], {
            encoding: 'utf8',
            uid: NOBODY,
            gid: NOBODY,
            timeout: 20_000,
          });
          expect(run.stderr).toBe('');
          interface Seen {
            processesRead: number;
            processesUnreadable: number;
            segments: Record<string, number[]>;
          }
          // The addon's scanner and the TypeScript reference, both run as uid 65534.
          const seen = JSON.parse(run.stdout) as { native: Seen; text: Seen };
          for (const view of [seen.native, seen.text]) {
            expect(view.segments[shmid]).toEqual([creator.pid]);
            expect(view.processesUnreadable).toBeGreaterThanOrEqual(1);
          }
          // Root reads all that nobody reads, and more.
          const asRoot = await scanMappers(native.scanProcMaps);
          expect(asRoot.segments.get(shmid)?.map((m) => m.pid)).toEqual([creator.pid, reader.pid]);
        } finally {
          rmSync(bundle, { recursive: true, force: true });
        }
      },
    );
  },
);
