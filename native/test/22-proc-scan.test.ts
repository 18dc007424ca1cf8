// scanProcMaps: the machine view's pass over every process's maps. Checked against the kernel
// (each process's own maps, read here with the tests' independent reader, and what the C peers
// say they mapped), against the TypeScript reference reader (src-main/proc/mappers-text.ts) over
// a copy of every process's files and over the live /proc, and under another uid that may not
// read everything.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { joinProcMapsScan } from '../../src-main/proc/mappers';
import { scanMappersFromText } from '../../src-main/proc/mappers-text';
import type { BuiltPeer } from '../../src-main/proc/fixtures/ipc-peer';
import {
  IpcPeer,
  buildIpcPeer,
  cleanUpPeers,
  hasCompiler,
  peerLeftovers,
} from '../../src-main/proc/fixtures/ipc-peer';
import { forkFixture, nextMessage } from './children';
import type { ChildResult } from './children';
import {
  attach,
  expectArgumentError,
  isRoot,
  pageSize,
  shm,
  thrownBy,
  titleWithSkipReason,
} from './helpers';
import { ascending, copyOfProc, normalized, pidsOf, sorted } from './mapper-compare';
import { mapsRegion, sysvipcRow } from './proc';

const NOBODY = 65534;
const noCompiler = 'needs a C compiler (`cc`) to build the peer that maps a segment and an object';
/** The creating peer runs as another uid where root may switch to one. */
const creatorUser = isRoot ? { uid: NOBODY, gid: NOBODY } : {};

let peer: BuiltPeer | undefined;
const copies: string[] = [];
beforeAll(() => {
  if (hasCompiler) peer = buildIpcPeer();
});
afterEach(async () => {
  await cleanUpPeers();
  for (const copy of copies.splice(0)) rmSync(copy, { recursive: true, force: true });
});
afterAll(() => {
  peer?.remove();
  expect(peerLeftovers()).toEqual({ shm: [], sem: [], msg: [], posix: [] });
});

/** A creating peer (segment and /dev/shm object, both mapped read-write) and a read-only one. */
async function startPeers() {
  if (peer === undefined) throw new Error('ipc-peer was not built');
  const name = `/shmlab-scan-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  const creator = await IpcPeer.start(peer.binary, ['create', name, '5000'], creatorUser, name);
  const shmid = creator.id('shmid');
  const reader = await IpcPeer.start(peer.binary, ['map', String(shmid), name]);
  return { name, shmid, creator, reader };
}

describe('scanProcMaps', () => {
  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      'agrees with the TypeScript reader on a copy of every process’s maps, comm and owner',
      !hasCompiler,
      noCompiler,
    ),
    async () => {
      const { name, shmid, creator, reader } = await startPeers();
      const own = attach(shmid, { readOnly: true });
      const { root, copied } = copyOfProc();
      copies.push(root);

      const native = joinProcMapsScan(await shm.scanProcMaps(root), { userName: String });
      const text = await scanMappersFromText({ procRoot: root, userName: String });
      expect([native.processesRead, native.processesUnreadable]).toEqual([copied, 0]);
      expect([text.processesRead, text.processesUnreadable]).toEqual([copied, 0]);
      expect(normalized(native)).toEqual(normalized(text));
      // The copy holds what the test made, so the comparison covers real segments and objects.
      expect(pidsOf(native.segments.get(shmid) ?? [])).toEqual(
        ascending([creator.pid, reader.pid, process.pid]),
      );
      expect(pidsOf((native.posix.get(name) ?? []).map((m) => m.mapper))).toEqual(
        ascending([creator.pid, reader.pid]),
      );
      own.detach();
    },
  );

  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      'on the live /proc, finds each mapping where the process’s own maps has it',
      !hasCompiler,
      noCompiler,
    ),
    async () => {
      const { name, shmid, creator, reader } = await startPeers();
      // This process attaches the segment twice: two attachments, two mappers.
      const first = attach(shmid, { readOnly: true });
      const second = attach(shmid);
      const ours = new Set([creator.pid, reader.pid, process.pid]);

      const raw = await shm.scanProcMaps();
      const native = joinProcMapsScan(raw, { labProcesses: new Map([[reader.pid, 'B']]) });
      const text = await scanMappersFromText({ labProcesses: new Map([[reader.pid, 'B']]) });
      expect(normalized(native, ours)).toEqual(normalized(text, ours));

      const mappers = native.segments.get(shmid) ?? [];
      expect(mappers).toHaveLength(sysvipcRow(shmid)?.nattch ?? -1);
      const expected = [
        [creator.pid, creator.address('shmaddr'), false],
        [reader.pid, reader.address('shmaddr'), true],
        [process.pid, `0x${first.address.toString(16)}`, true],
        [process.pid, `0x${second.address.toString(16)}`, false],
      ];
      expect(mappers.map((m) => [m.pid, m.address, m.readOnly])).toEqual(
        expect.arrayContaining(expected),
      );
      expect(mappers).toHaveLength(expected.length);
      for (const mapper of mappers) {
        // The kernel's own line for it: a SYSV region whose inode is the shmid, of that size.
        const region = mapsRegion(mapper.pid, BigInt(mapper.address));
        expect(region).toMatchObject({ inode: shmid, perms: mapper.readOnly ? 'r--s' : 'rw-s' });
        expect(region?.path).toMatch(/^\/SYSV[0-9a-f]{8} \(deleted\)$/);
        expect(mapper.size).toBe(Number((region?.end ?? 0n) - (region?.start ?? 0n)));
        expect(mapper.size).toBe(Math.ceil(5000 / pageSize) * pageSize);
        expect(mapper.command).toBe(readFileSync(`/proc/${mapper.pid}/comm`, 'utf8').slice(0, -1));
        expect(mapper.uid).toBe(statSync(`/proc/${mapper.pid}`).uid);
        expect(mapper.labProcess).toBe(mapper.pid === reader.pid ? 'B' : null);
      }
      expect(mappers.find((m) => m.pid === creator.pid)?.uid).toBe(
        isRoot ? NOBODY : process.getuid?.(),
      );

      const object = native.posix.get(name) ?? [];
      const { dev, ino } = statSync(`/dev/shm${name}`);
      expect(
        sorted(object.map((m) => m.mapper)).map((m) => [m.pid, m.address, m.readOnly]),
      ).toEqual(
        sorted([
          { pid: creator.pid, address: creator.address('posixaddr'), readOnly: false },
          { pid: reader.pid, address: reader.address('posixaddr'), readOnly: true },
        ]).map((m) => [m.pid, m.address, m.readOnly]),
      );
      for (const { inode, device } of object) {
        expect(inode).toBe(ino);
        // glibc's major()/minor() of st_dev, as maps prints the pair.
        expect(device).toEqual({
          major: (dev >> 8) & 0xfff,
          minor: (dev & 0xff) | ((dev >> 12) & ~0xff),
        });
      }
      first.detach();
      second.detach();
    },
  );

  it.skipIf(!hasCompiler || !isRoot)(
    titleWithSkipReason(
      'as another uid, counts the processes it may not read and lists only what it may',
      !hasCompiler || !isRoot,
      !hasCompiler ? noCompiler : 'needs root, to run the scan under another uid (65534)',
    ),
    async () => {
      const { shmid, creator, reader } = await startPeers();
      const own = attach(shmid, { readOnly: true });
      const child = forkFixture('scan-child.cjs', [], { uid: NOBODY, gid: NOBODY });
      type Found = { pid: number; uid: number; kind: number; inode: number; address: string };
      const result = await nextMessage(
        child,
        (
          message,
        ): message is ChildResult<{
          processesRead: number;
          processesUnreadable: number;
          uid: number;
          found: Found[];
        }> => typeof message === 'object' && message !== null && 'ok' in message,
      );
      if (!result.ok) throw new Error(`the scan as uid ${NOBODY} failed: ${result.error.message}`);
      const seen = result.value;
      expect(seen.uid).toBe(NOBODY);
      // Root's processes (this one and the read-only peer) may not be read by uid 65534.
      expect(seen.processesUnreadable).toBeGreaterThanOrEqual(2);
      const ofSegment = seen.found.filter((m) => m.kind === 1 && m.inode === shmid);
      expect(ofSegment).toEqual([
        {
          pid: creator.pid,
          uid: NOBODY,
          kind: 1,
          inode: shmid,
          address: creator.address('shmaddr'),
        },
      ]);
      expect(seen.found.some((m) => m.pid === reader.pid || m.pid === process.pid)).toBe(false);
      expect(await child.exit()).toEqual({ code: 0, signal: null });
      // Root reads what uid 65534 could not: the same segment has its three mappers.
      const asRoot = joinProcMapsScan(await shm.scanProcMaps());
      expect(pidsOf(asRoot.segments.get(shmid) ?? [])).toEqual(
        ascending([creator.pid, reader.pid, process.pid]),
      );
      expect(asRoot.processesUnreadable).toBeLessThan(seen.processesUnreadable);
      own.detach();
    },
  );

  it('rejects a folder it cannot list with the errno, the call and the path', async () => {
    const missing = join(tmpdir(), `shmlab-no-proc-${process.pid}`);
    await expect(shm.scanProcMaps(missing)).rejects.toMatchObject({
      code: 'ENOENT',
      errno: osConstants.errno.ENOENT,
      syscall: 'opendir',
      path: missing,
    });
    const file = join(mkdtempSync(join(tmpdir(), 'shmlab-scan-')), 'plain-file');
    copies.push(join(file, '..'));
    writeFileSync(file, '');
    await expect(shm.scanProcMaps(file)).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('checks its argument in JavaScript, and again in C++', () => {
    expectArgumentError(
      () => shm.scanProcMaps(42 as never),
      TypeError,
      'ERR_INVALID_ARG_TYPE',
      '"root"',
    );
    for (const root of ['proc', '', '/proc\0/x', `/${'a'.repeat(4095)}`]) {
      expectArgumentError(
        () => shm.scanProcMaps(root),
        TypeError,
        'ERR_INVALID_ARG_VALUE',
        '"root"',
        root.slice(0, 20),
      );
    }
    const binding = createRequire(import.meta.url)('../build/Release/shmlab.node') as {
      scanProcMaps(...args: unknown[]): Promise<unknown>;
    };
    expect(thrownBy(() => binding.scanProcMaps()).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(thrownBy(() => binding.scanProcMaps(7)).code).toBe('ERR_INVALID_ARG_TYPE');
    for (const root of ['relative', '', '/a\0b', `/${'a'.repeat(5000)}`]) {
      expect(thrownBy(() => binding.scanProcMaps(root), root.slice(0, 20)).code).toBe(
        'ERR_INVALID_ARG_VALUE',
      );
    }
  });
});
