// The segment commands' answers when the kernel says EINVAL, with a real Lab and real segments:
// IPC_STAT of an id that names nothing is E_NO_SUCH_SEGMENT, as for every other segment command;
// shmget of an existing key with a size larger than its segment says the segment's size.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../proc/fixtures/ipc-peer';
import { findOnPath } from './programs/compiler';
import type { TestLab } from './test-helpers';
import { listedShmids, runFixture, startTestLab, trackLeftovers } from './test-helpers';
import { native } from './native';

const { IPC_CREAT, IPC_PRIVATE } = native.constants;
/** A key no other test file uses: 0x53480000 + this process's pid. */
const key = 0x5348_0000 + (process.pid & 0xffff);

describe('segment commands explain the kernel’s EINVAL', () => {
  const leftovers = trackLeftovers();
  let t: TestLab;

  beforeAll(async () => {
    t = await startTestLab();
  });

  afterAll(async () => {
    await t.close();
  });

  it('statSegment of a segment the Lab removed is E_NO_SUCH_SEGMENT saying it was removed', async () => {
    const { shmid } = await t.lab.createSegment({
      key: 0,
      size: 100,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    leftovers.segments.push(shmid);
    expect(await t.lab.removeSegment({ shmid, confirmForeign: false })).toBeNull();
    await expect(t.lab.statSegment({ shmid })).rejects.toMatchObject({
      code: 'E_NO_SUCH_SEGMENT',
      syscall: 'shmctl',
      message: expect.stringContaining(`segment ${shmid} no longer exists`),
    });
  });

  it('statSegment of a segment another process removed is E_NO_SUCH_SEGMENT too', async () => {
    const shmid = native.shmget(IPC_PRIVATE, 100, IPC_CREAT | 0o600);
    leftovers.segments.push(shmid);
    native.shmctl(shmid, 'IPC_RMID');
    await expect(t.lab.statSegment({ shmid })).rejects.toMatchObject({
      code: 'E_NO_SUCH_SEGMENT',
      syscall: 'shmctl',
      message: expect.stringContaining(`no segment has id ${shmid}`),
    });
  });

  it('statSegment of a live segment still answers IPC_STAT', async () => {
    const shmid = native.shmget(IPC_PRIVATE, 100, IPC_CREAT | 0o600);
    leftovers.segments.push(shmid);
    expect(await t.lab.statSegment({ shmid })).toMatchObject({ shmid, segsz: 100 });
  });

  it.each([
    ['IPC_CREAT', true],
    ['no IPC_CREAT', false],
  ])(
    'createSegment of an existing key with a larger size (%s) names the segment’s size',
    async (_, create) => {
      const existing = native.shmget(key, 100, IPC_CREAT | 0o600);
      leftovers.segments.push(existing);
      const before = await listedShmids();
      const asked = { key, size: 4096, create, exclusive: false, mode: 0o600 };
      const refusal = await t.lab.createSegment(asked).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toMatchObject({ code: 'EINVAL', syscall: 'shmget' });
      const { message } = refusal as { message: string };
      expect(message).toContain(`segment ${existing}`);
      expect(message).toContain('100 bytes');
      expect(message).toContain('4096');
      expect(message).toContain('IPC_PRIVATE');
      // Nothing was created, and the existing segment is untouched.
      expect(await listedShmids()).toEqual(before);
      expect(native.shmctl(existing, 'IPC_STAT').segsz).toBe(100);
      // At most its size opens it.
      const opened = await t.lab.createSegment({ ...asked, size: 100 });
      expect(opened).toMatchObject({ shmid: existing, owned: false });
    },
  );
});

const unshare = findOnPath('unshare', process.env.PATH ?? '');
const ipcNamespaces =
  unshare !== null &&
  spawnSync(unshare, ['-Ur', '--ipc', 'true'], { stdio: 'ignore' }).status === 0;

const noNamespaceReason =
  'needs util-linux unshare and user namespaces, to lower SHMMAX in an IPC namespace of its own';

describe.skipIf(!ipcNamespaces)(
  skippableTitle('createSegment above SHMMAX', !ipcNamespaces, noNamespaceReason),
  () => {
    it('says the limit, read from /proc/sys/kernel/shmmax', async () => {
      // SHMMAX belongs to the IPC namespace: lower it in a fresh one, never on the machine.
      const shmmax = 8192;
      const run = await runFixture('lab-shmget-limit.ts', [String(shmmax * 2)], {
        wrapper: [
          unshare!,
          '-Ur',
          '--ipc',
          'sh',
          '-c',
          `echo ${shmmax} > /proc/sys/kernel/shmmax && exec "$0" "$@"`,
        ],
      });
      expect(run.code, run.stderr).toBe(0);
      const outcome = JSON.parse(run.stdout) as { code: string; syscall: string; message: string };
      expect(outcome).toMatchObject({ code: 'EINVAL', syscall: 'shmget' });
      expect(outcome.message).toContain(`SHMMAX, ${shmmax} bytes`);
      expect(outcome.message).toContain(String(shmmax * 2));
    });
  },
);
