// The machine command of a real Lab: its own segment attached in A, and another program's objects
// (ipc-peer.c, run as uid 65534 when the tests run as root) mapped by that program; one snapshot
// must show both, joined with who maps each, as the kernel describes them.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltPeer } from '../proc/fixtures/ipc-peer';
import {
  IpcPeer,
  buildIpcPeer,
  cleanUpPeers,
  hasCompiler,
  NO_COMPILER,
  skippableTitle,
  peerLeftovers,
} from '../proc/fixtures/ipc-peer';
import { readKernelLimits } from '../proc/kernel-limits';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { listedShmids, startTestLab } from './test-helpers';
import { userName } from './user-names';

const pageSize = native.constants.pageSize;
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const owner = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
const ownerUid = isRoot ? NOBODY : (process.getuid?.() ?? 0);

describe.skipIf(!hasCompiler)(
  skippableTitle('machine(): this machine, joined with the Lab', !hasCompiler, NO_COMPILER),
  () => {
    let t: TestLab;
    let peer: BuiltPeer;
    const created: number[] = [];

    beforeAll(async () => {
      peer = buildIpcPeer();
      t = await startTestLab();
    });
    afterEach(cleanUpPeers);
    afterAll(async () => {
      await t.close();
      peer.remove();
      const listed = await listedShmids();
      expect(created.filter((id) => listed.has(id))).toEqual([]);
      expect(peerLeftovers()).toEqual({ shm: [], sem: [], msg: [], posix: [] });
    });

    it('lists the Lab’s segment and another user’s objects, with who maps each', async () => {
      const own = await t.lab.createSegment({
        key: 0,
        size: 3 * pageSize,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      created.push(own.shmid);
      const a = await t.lab.attach({
        process: 'A',
        shmid: own.shmid,
        readOnly: false,
        round: false,
        writeForeign: false,
      });
      const name = `/shmlab-machine-${process.pid}`;
      const foreign = await IpcPeer.start(peer.binary, ['create', name, '5000'], owner, name);
      const foreignShmid = foreign.id('shmid');

      const snapshot = await t.lab.machine();

      const mine = snapshot.segments.find((s) => s.shmid === own.shmid);
      expect(mine).toMatchObject({
        size: 3 * pageSize,
        cpid: process.pid,
        nattch: 1,
        owned: true,
        dest: false,
        user: userName(process.getuid?.() ?? 0),
      });
      expect(mine?.mappers).toEqual([
        {
          pid: a.pid,
          command: readFileSync(`/proc/${a.pid}/comm`, 'utf8').trim(),
          uid: process.getuid?.() ?? 0,
          user: userName(process.getuid?.() ?? 0),
          address: a.attachment?.address,
          size: 3 * pageSize,
          readOnly: false,
          labProcess: 'A',
        },
      ]);

      const theirs = snapshot.segments.find((s) => s.shmid === foreignShmid);
      expect(theirs).toMatchObject({
        size: 5000,
        cpid: foreign.pid,
        nattch: 1,
        uid: ownerUid,
        owned: false,
        user: userName(ownerUid),
      });
      expect(theirs?.mappers.map((m) => [m.pid, m.address, m.labProcess])).toEqual([
        [foreign.pid, foreign.address('shmaddr'), null],
      ]);
      expect(snapshot.semaphoreSets.find((s) => s.semid === foreign.id('semid'))).toEqual({
        key: 0,
        semid: foreign.id('semid'),
        perms: 0o640,
        nsems: 3,
        uid: ownerUid,
        gid: expect.any(Number),
        cuid: ownerUid,
        cgid: expect.any(Number),
        otime: 0,
        ctime: expect.any(Number),
        user: userName(ownerUid),
        owned: false,
      });
      expect(snapshot.messageQueues.find((q) => q.msqid === foreign.id('msqid'))).toMatchObject({
        qnum: 1,
        cbytes: 5,
        lspid: foreign.pid,
        user: userName(ownerUid),
      });
      const object = snapshot.posix.find((p) => p.name === name);
      expect(object).toMatchObject({ size: 5000, uid: ownerUid, mode: 0o640 });
      expect(object?.mappers.map((m) => [m.pid, m.address, m.readOnly])).toEqual([
        [foreign.pid, foreign.address('posixaddr'), false],
      ]);

      // Totals are the snapshot's own rows against the kernel's limits.
      const limits = await readKernelLimits();
      expect(snapshot.limits).toEqual({
        ...limits,
        pageSize,
        shmPagesUsed: snapshot.segments.reduce((sum, s) => sum + Math.ceil(s.size / pageSize), 0),
        semsUsed: snapshot.semaphoreSets.reduce((sum, s) => sum + s.nsems, 0),
      });
      expect(snapshot.processesRead).toBeGreaterThanOrEqual(4); // this process, A, B, the peer
      expect(snapshot.costMs).toBeGreaterThan(0);
      expect(Math.abs(snapshot.takenAt - Date.now())).toBeLessThan(10_000);

      await t.lab.detach({ process: 'A' });
      expect(await foreign.finish()).toBe(0);
      await t.lab.removeSegment({ shmid: own.shmid, confirmForeign: false });
      const after = await t.lab.machine();
      expect(after.segments.map((s) => s.shmid)).not.toContain(foreignShmid);
      expect(after.segments.map((s) => s.shmid)).not.toContain(own.shmid);
      expect(after.posix.map((p) => p.name)).not.toContain(name);
    });

    it('marks the semaphore sets this Lab created as its own', async () => {
      const set = await t.lab.createSemaphore({
        key: 0,
        nsems: 2,
        create: true,
        exclusive: false,
        mode: 0o600,
        initial: 1,
      });
      const row = (await t.lab.machine()).semaphoreSets.find((s) => s.semid === set.semid);
      expect(row).toMatchObject({ nsems: 2, perms: 0o600, cuid: process.getuid?.(), owned: true });
      await t.lab.removeSemaphore({ semid: set.semid, confirmForeign: false });
      const after = await t.lab.machine();
      expect(after.semaphoreSets.map((s) => s.semid)).not.toContain(set.semid);
    });

    it('marks a removed segment still attached as SHM_DEST, with its mapper', async () => {
      const own = await t.lab.createSegment({
        key: 0,
        size: pageSize,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      created.push(own.shmid);
      const b = await t.lab.attach({
        process: 'B',
        shmid: own.shmid,
        readOnly: true,
        round: false,
        writeForeign: false,
      });
      await t.lab.removeSegment({ shmid: own.shmid, confirmForeign: false });

      const row = (await t.lab.machine()).segments.find((s) => s.shmid === own.shmid);
      expect(row).toMatchObject({ key: 0, dest: true, nattch: 1 });
      expect(row?.perms).toBe(native.constants.SHM_DEST | 0o600);
      expect(row?.mappers.map((m) => [m.pid, m.readOnly, m.labProcess])).toEqual([
        [b.pid, true, 'B'],
      ]);

      await t.lab.detach({ process: 'B' });
      expect((await t.lab.machine()).segments.map((s) => s.shmid)).not.toContain(own.shmid);
    });
  },
);
