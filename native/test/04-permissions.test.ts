// Permissions: what a process running under another uid may do with a root-owned segment.
import { describe, expect, it } from 'vitest';
import { AttachChild } from './children';
import { attach, createSegment, isRoot, shm, titleWithSkipReason } from './helpers';

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
});
