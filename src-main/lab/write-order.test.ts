// A write is answered after the reports it caused: the Lab pokes every process that has the
// segment attached and waits (briefly) until each says it looked, so B's memoryChanged for A's
// write is emitted before A's write resolves. A stopped process cannot hold the answer for long.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryChangedEvent } from '../common/api';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { startTestLab } from './test-helpers';

const pageSize = native.constants.pageSize;

async function attachedLab(lookWaitMs: number): Promise<{ t: TestLab; shmid: number }> {
  const t = await startTestLab({ lookWaitMs });
  const { shmid } = await t.lab.createSegment({
    key: 0,
    size: pageSize,
    create: true,
    exclusive: false,
    mode: 0o600,
  });
  for (const process of ['A', 'B'] as const) {
    await t.lab.attach({ process, shmid, readOnly: false, round: false, writeForeign: false });
  }
  await t.lab.viewMemory({ process: 'B', offset: 0, length: 64 });
  return { t, shmid };
}

describe('a write and the reports it causes', () => {
  let t: TestLab;

  beforeAll(async () => {
    // A wait longer than any test: the order below must come from the looks, not from luck.
    ({ t } = await attachedLab(60_000));
  });

  afterAll(async () => {
    await t.close();
  });

  it("B's report of A's write is emitted before A's write resolves", async () => {
    const base = BigInt((await t.lab.getState()).processes.B.attachment!.address);
    // B's window as B reported it: only the bytes that changed come in an event.
    const seenByB = Uint8Array.from(
      (await t.lab.read({ process: 'B', offset: 0, length: 64, peek: true })).bytes,
    );
    const stop = t.lab.on('memoryChanged', (event) => {
      if (event.process !== 'B') return;
      seenByB.set(event.bytes, event.offset);
      expect(event.address).toBe(`0x${(base + BigInt(event.offset)).toString(16)}`);
    });
    try {
      for (let value = 1; value <= 20; value += 1) {
        const number = value * 0x01010101;
        await t.lab.write({
          process: 'A',
          offset: 16,
          type: 'u32',
          value: String(number),
          endian: 'le',
        });
        // Checked as soon as the write resolved: B's report is in already.
        expect(Buffer.from(seenByB).readUInt32LE(16)).toBe(number);
      }
    } finally {
      stop();
    }
  });

  it('a write that changes nothing is still answered (each process says it looked)', async () => {
    await t.lab.write({ process: 'A', offset: 32, type: 'u8', value: '7', endian: 'le' });
    const seen: MemoryChangedEvent[] = [];
    const stop = t.lab.on('memoryChanged', (event) => seen.push(event));
    const again = await t.lab.write({
      process: 'A',
      offset: 32,
      type: 'u8',
      value: '7',
      endian: 'le',
    });
    stop();
    expect(again.bytes).toEqual([7]);
    expect(seen).toEqual([]);
  });
});

describe('a stopped process', () => {
  it("does not hold A's write longer than the look wait; B reports once it runs again", async () => {
    const { t } = await attachedLab(100);
    const pid = (await t.lab.getState()).processes.B.pid!;
    process.kill(pid, 'SIGSTOP');
    try {
      const reported = new Promise<MemoryChangedEvent>((resolve) => {
        const stop = t.lab.on('memoryChanged', (event) => {
          if (event.process !== 'B' || event.offset !== 40) return;
          stop();
          resolve(event);
        });
      });
      // Without the bound this would wait for B forever (the test would time out).
      const written = await t.lab.write({
        process: 'A',
        offset: 40,
        type: 'u8',
        value: '9',
        endian: 'le',
      });
      expect(written.bytes).toEqual([9]);
      process.kill(pid, 'SIGCONT');
      expect((await reported).bytes).toEqual([9]);
    } finally {
      process.kill(pid, 'SIGCONT');
      await t.close();
    }
  });
});
