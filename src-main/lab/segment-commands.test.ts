// The segment commands' answers when the kernel says EINVAL, with a real Lab and real segments:
// IPC_STAT of an id that names nothing is E_NO_SUCH_SEGMENT, as for every other segment command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestLab } from './test-helpers';
import { startTestLab, trackLeftovers } from './test-helpers';
import { native } from './native';

const { IPC_CREAT, IPC_PRIVATE } = native.constants;

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
});
