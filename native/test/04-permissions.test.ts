// Permissions: what a process running under another uid may do with a root-owned segment, and
// what an owner without privilege may do with its own. Children under another uid run a
// world-readable copy of what they load (children.ts), so these pass from any checkout folder.
import { describe, expect, it } from 'vitest';
import { AttachChild } from './children';
import { adoptSegment, attach, createSegment, isRoot, shm, titleWithSkipReason } from './helpers';

const NOBODY = 65534;
const needsRoot = 'needs root to run a child under another uid';

describe('permissions', () => {
  it.skipIf(!isRoot)(
    titleWithSkipReason(
      'EACCES for another uid on a 0600 segment; read-only but not read-write once it is 0644',
      !isRoot,
      needsRoot,
    ),
    async () => {
      const shmid = createSegment(64, { mode: 0o600 });
      attach(shmid).write(0, Buffer.from('owned by root'));
      const other = await AttachChild.start({ uid: NOBODY, gid: NOBODY });
      expect({ uid: other.uid, gid: other.gid }).toEqual({ uid: NOBODY, gid: NOBODY });

      // 0600: the other uid may neither attach (either way) nor even look.
      for (const readOnly of [false, true]) {
        const denied = await other.attach(shmid, { readOnly });
        expect(denied).toMatchObject({ ok: false, error: { code: 'EACCES' } });
      }
      expect(await other.stat(shmid)).toMatchObject({ ok: false, error: { code: 'EACCES' } });

      shm.shmctl(shmid, 'IPC_SET', { mode: 0o644 });
      expect(shm.shmctl(shmid, 'IPC_STAT').mode & 0o777).toBe(0o644);

      // 0644: others may read, so a read-only attachment works and sees root's bytes...
      const readOnly = await other.attach(shmid, { readOnly: true });
      if (!readOnly.ok) throw new Error(`read-only attach failed: ${readOnly.error.code}`);
      expect((await other.read(readOnly.value.ref, 0, 13)).toString()).toBe('owned by root');
      expect(await other.stat(shmid)).toMatchObject({ ok: true, value: { nattch: 2 } });
      // ...but not a read-write one.
      expect(await other.attach(shmid)).toMatchObject({ ok: false, error: { code: 'EACCES' } });
      // Only the owner, the creator or CAP_SYS_ADMIN may change or remove the segment.
      expect(await other.request('set', { shmid, settings: { mode: 0o666 } })).toMatchObject({
        ok: false,
        error: { code: 'EPERM' },
      });
      expect(await other.request('rmid', { shmid })).toMatchObject({
        ok: false,
        error: { code: 'EPERM' },
      });
      expect(shm.shmctl(shmid, 'IPC_STAT')).toMatchObject({ mode: 0o644, nattch: 2 });

      expect(await other.close()).toEqual({ code: 0, signal: null });
      expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(1);
    },
  );

  it('an owner without privilege takes its own read permission away and gives it back (IPC_SET)', async () => {
    // A real unprivileged owner: uid 65534 when the tests run as root (root's CAP_IPC_OWNER
    // would read anything), else this test's own uid.
    const owner = await AttachChild.start(isRoot ? { uid: NOBODY, gid: NOBODY } : {});
    if (isRoot) expect({ uid: owner.uid, gid: owner.gid }).toEqual({ uid: NOBODY, gid: NOBODY });
    const shmid = await owner.call<number>('create', { size: 64, mode: 0o600 });
    adoptSegment(shmid);

    expect(await owner.request('set', { shmid, settings: { mode: 0 } })).toEqual({
      ok: true,
      value: null,
    });
    // The owner can no longer read the segment, not even its shmid_ds...
    expect(await owner.stat(shmid)).toMatchObject({ ok: false, error: { code: 'EACCES' } });
    // ...but IPC_SET needs only ownership: it gives the mode back, uid and gid untouched.
    expect(await owner.request('set', { shmid, settings: { mode: 0o600 } })).toEqual({
      ok: true,
      value: null,
    });
    expect(await owner.stat(shmid)).toMatchObject({
      ok: true,
      value: { mode: 0o600, uid: owner.uid, gid: owner.gid, cuid: owner.uid },
    });

    // The same with every value given: nothing is read first at all.
    const all = { uid: owner.uid, gid: owner.gid };
    await owner.call('set', { shmid, settings: { ...all, mode: 0 } });
    expect(await owner.stat(shmid)).toMatchObject({ ok: false, error: { code: 'EACCES' } });
    await owner.call('set', { shmid, settings: { ...all, mode: 0o640 } });
    expect(await owner.stat(shmid)).toMatchObject({ ok: true, value: { mode: 0o640, ...all } });
    expect(await owner.close()).toEqual({ code: 0, signal: null });
  });
});
