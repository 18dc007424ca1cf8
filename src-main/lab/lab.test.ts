import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessName } from '../common/api';
import { LabError } from '../common/errors';
import { readMaps } from '../proc/maps';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { isAlive, listedShmids, nextEvent, startTestLab } from './test-helpers';

const pageSize = native.constants.pageSize;
const aslr = readFileSync('/proc/sys/kernel/randomize_va_space', 'utf8').trim() !== '0';

describe('Lab with two real child processes', () => {
  let t: TestLab;
  let shmid: number;
  const created: number[] = [];

  beforeAll(async () => {
    t = await startTestLab();
    const segment = await t.lab.createSegment({
      key: 0,
      size: 10_000,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    shmid = segment.shmid;
    created.push(shmid);
  });

  afterAll(async () => {
    await t.close();
    const listed = await listedShmids();
    expect(created.filter((id) => listed.has(id))).toEqual([]);
  });

  const attach = (process: ProcessName, address?: string) =>
    t.lab.attach({ process, shmid, address, readOnly: false, round: false, writeForeign: false });

  it('creates the segment with whole pages and reports both children running', async () => {
    const state = await t.lab.getState();
    expect(state.processes.A.status).toBe('running');
    expect(state.processes.B.status).toBe('running');
    expect(state.processes.A.pid).not.toBe(state.processes.B.pid);
    const segment = state.segments.find((s) => s.shmid === shmid);
    expect(segment?.requestedSize).toBe(10_000);
    expect(segment?.pages).toBe(Math.ceil(10_000 / state.system.pageSize));
    expect(segment?.stat.cpid).toBe(process.pid);
  });

  it('attaches A and B at different base addresses, each in its own /proc maps', async () => {
    const a = await attach('A');
    // With ASLR off two fresh processes may pick the same address: ask B for another one.
    const b = aslr ? await attach('B') : await attach('B', '0x7e0000000000');
    expect(a.attachment?.address).not.toBe(b.attachment?.address);
    for (const state of [a, b]) {
      const regions = await readMaps(state.pid!);
      const region = regions.find((r) => r.inode === shmid);
      expect(`0x${region?.start.toString(16)}`).toBe(state.attachment?.address);
    }
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(2);
  });

  it('a value written through A is reported by B, read from its own mapping', async () => {
    const seen = nextEvent(t.lab, 'memoryChanged', (e) => e.process === 'B' && e.offset <= 40);
    const written = await t.lab.write({
      process: 'A',
      offset: 40,
      type: 'u32',
      value: '0xdeadbeef',
      endian: 'le',
    });
    expect(written.bytes).toEqual([0xef, 0xbe, 0xad, 0xde]);
    const event = await seen;
    expect(event.shmid).toBe(shmid);
    const state = await t.lab.getState();
    const baseB = BigInt(state.processes.B.attachment!.address);
    expect(event.address).toBe(`0x${(baseB + BigInt(event.offset)).toString(16)}`);
    const read = await t.lab.read({ process: 'B', offset: 40, length: 4, peek: false });
    expect(read.bytes).toEqual([0xef, 0xbe, 0xad, 0xde]);
  });

  it("B's write reaches A", async () => {
    const seen = nextEvent(t.lab, 'memoryChanged', (e) => e.process === 'A' && e.offset >= 9000);
    await t.lab.write({ process: 'B', offset: 9000, type: 'ascii', value: 'hello', endian: 'le' });
    const event = await seen;
    expect(event.offset).toBe(9000);
    expect(Buffer.from(event.bytes).toString('latin1')).toBe('hello');
  });

  it('rejects a write past the end and a write while detached, with clear codes', async () => {
    await expect(
      t.lab.write({ process: 'A', offset: 9998, type: 'u32', value: '1', endian: 'le' }),
    ).rejects.toMatchObject({
      code: 'E_BAD_INPUT',
      message: expect.stringMatching(/past the end/),
    });
    await t.lab.detach({ process: 'A' });
    await expect(
      t.lab.write({ process: 'A', offset: 0, type: 'u8', value: '1', endian: 'le' }),
    ).rejects.toMatchObject({ code: 'E_NOT_ATTACHED' });
  });

  it('detach drops nattch and removes the region from the map; re-attach sees the data', async () => {
    const stateA = (await t.lab.getState()).processes.A;
    expect(stateA.attachment).toBeNull();
    expect(
      (await readMaps(stateA.pid!)).some((r) => r.inode === shmid && r.path.startsWith('/SYSV')),
    ).toBe(false);
    expect((await t.lab.statSegment({ shmid })).nattch).toBe(1);
    await attach('A');
    const read = await t.lab.read({ process: 'A', offset: 9000, length: 5, peek: false });
    expect(Buffer.from(read.bytes).toString('latin1')).toBe('hello');
  });

  it('kill -9 of a child reports the signal; the segment and the other child carry on; respawn works', async () => {
    const before = await t.lab.getState();
    const pidB = before.processes.B.pid!;
    const exited = nextEvent(
      t.lab,
      'processStatus',
      (e) => e.change === 'exited' && e.state.name === 'B',
    );
    t.lab.signal('B', 'SIGKILL');
    const event = await exited;
    expect(event.state.signal).toBe('SIGKILL');
    expect(isAlive(pidB)).toBe(false);
    await expect(
      t.lab.read({ process: 'B', offset: 0, length: 1, peek: false }),
    ).rejects.toMatchObject({
      code: 'E_NOT_ATTACHED',
    });
    const stat = await t.lab.statSegment({ shmid });
    expect(stat.nattch).toBe(1);
    const read = await t.lab.read({ process: 'A', offset: 40, length: 4, peek: false });
    expect(read.bytes).toEqual([0xef, 0xbe, 0xad, 0xde]);
    const respawned = await t.lab.respawn({ process: 'B' });
    expect(respawned.status).toBe('running');
    expect(respawned.pid).not.toBe(pidB);
    await attach('B');
    expect((await t.lab.read({ process: 'B', offset: 40, length: 4, peek: false })).bytes).toEqual([
      0xef, 0xbe, 0xad, 0xde,
    ]);
  });

  it('requests to a dead child fail with E_CHILD_NOT_RUNNING', async () => {
    const exited = nextEvent(
      t.lab,
      'processStatus',
      (e) => e.change === 'exited' && e.state.name === 'A',
    );
    t.lab.signal('A', 'SIGKILL');
    await exited;
    const error = await t.lab.inspect({ process: 'A' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).code).toBe('E_CHILD_NOT_RUNNING');
    await t.lab.respawn({ process: 'A' });
    await attach('A');
  });

  // What the race guarantees, whatever the interleaving. Every write stores
  // (a value read) + 1 >= 1, so once a process has written, every later read
  // sees >= 1. The last write is some process's last one; with times >= 2 it
  // follows that process's own earlier write, so it stores >= 2 (>= 1 when
  // times is 1). And no write can store more than the writes done so far,
  // so final <= 2 × times. How many are lost depends on scheduling: not asserted.
  it.each([1, 2, 20_000])(
    'the race (%i each): min(2, times) <= final <= 2 × times; lost = expected - final',
    async (times) => {
      const result = await t.lab.race({ offset: 64, times, variant: 'plain' });
      expect(result.expected).toBe(2 * times);
      expect(result.final).toBeGreaterThanOrEqual(Math.min(2, times));
      expect(result.final).toBeLessThanOrEqual(2 * times);
      expect(result.lost).toBe(result.expected - result.final);
      const read = await t.lab.read({ process: 'B', offset: 64, length: 4, peek: false });
      expect(Buffer.from(read.bytes).readUInt32LE(0)).toBe(result.final);
    },
  );

  it('IPC_RMID while attached: SHM_DEST, key 0, alive until the last detach', async () => {
    const keyed = await t.lab.createSegment({
      key: 0x5348_0000 + (process.pid & 0xffff),
      size: 64,
      create: true,
      exclusive: true,
      mode: 0o600,
    });
    created.push(keyed.shmid);
    await t.lab.detach({ process: 'A' });
    await t.lab.detach({ process: 'B' });
    await t.lab.attach({
      process: 'A',
      shmid: keyed.shmid,
      readOnly: false,
      round: false,
      writeForeign: false,
    });
    await t.lab.attach({
      process: 'B',
      shmid: keyed.shmid,
      readOnly: false,
      round: false,
      writeForeign: false,
    });
    const after = await t.lab.removeSegment({ shmid: keyed.shmid, confirmForeign: false });
    expect(after?.dest).toBe(true);
    expect(after?.key).toBe(0);
    expect(after?.nattch).toBe(2);
    await t.lab.write({ process: 'A', offset: 0, type: 'u8', value: '7', endian: 'le' });
    expect((await t.lab.read({ process: 'B', offset: 0, length: 1, peek: false })).bytes).toEqual([
      7,
    ]);
    await t.lab.detach({ process: 'A' });
    expect((await listedShmids()).has(keyed.shmid)).toBe(true);
    const gone = nextEvent(
      t.lab,
      'segmentChanged',
      (e) => e.shmid === keyed.shmid && e.stat === null,
    );
    await t.lab.detach({ process: 'B' });
    await gone;
    expect((await listedShmids()).has(keyed.shmid)).toBe(false);
  });

  it('attaching and watching allocate no page: a page gets a frame when first touched', async () => {
    const fresh = await t.lab.createSegment({
      key: 0,
      size: 3 * pageSize,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    created.push(fresh.shmid);
    await t.lab.detach({ process: 'A' }).catch(() => undefined);
    await t.lab.detach({ process: 'B' }).catch(() => undefined);
    await t.lab.attach({
      process: 'A',
      shmid: fresh.shmid,
      readOnly: false,
      round: false,
      writeForeign: false,
    });
    await t.lab.attach({
      process: 'B',
      shmid: fresh.shmid,
      readOnly: false,
      round: false,
      writeForeign: false,
    });
    const peek = await t.lab.read({ process: 'B', offset: 0, length: 3 * pageSize, peek: true });
    expect(peek.bytes.every((byte) => byte === 0)).toBe(true);
    const before = await t.lab.inspect({ process: 'A' });
    expect(before.pages.map((page) => page.present)).toEqual([false, false, false]);
    const seen = nextEvent(
      t.lab,
      'memoryChanged',
      (e) => e.process === 'B' && e.shmid === fresh.shmid,
    );
    await t.lab.write({ process: 'A', offset: pageSize + 8, type: 'u8', value: '9', endian: 'le' });
    await seen;
    const afterA = await t.lab.inspect({ process: 'A' });
    expect(afterA.pages.map((page) => page.present)).toEqual([false, true, false]);
    const afterB = await t.lab.inspect({ process: 'B' });
    expect(afterB.pages[0]?.present).toBe(false);
    expect(afterB.pages[2]?.present).toBe(false);
    await t.lab.detach({ process: 'A' });
    await t.lab.detach({ process: 'B' });
    await t.lab.removeSegment({ shmid: fresh.shmid, confirmForeign: false });
  });

  it('inspect reports maps, smaps and one pagemap entry per page from the child itself', async () => {
    await attach('A');
    await t.lab.write({ process: 'A', offset: 0, type: 'u8', value: '1', endian: 'le' });
    const facts = await t.lab.inspect({ process: 'A' });
    expect(facts.state.name).toBe('A');
    expect(facts.shmRegion?.inode).toBe(shmid);
    expect(facts.shmRegion?.start).toBe(facts.state.attachment?.address);
    expect(facts.shmRegion?.kind).toBe('shm');
    expect(facts.pages).toHaveLength(3);
    expect(facts.pages[0]?.present).toBe(true);
    expect(facts.smaps?.size).toBe(3 * pageSize);
    expect(facts.maps.some((r) => r.kind === 'stack')).toBe(true);
  });
});
