// viewMemory and pagesChanged with a real Lab and real children: the window's bytes come back
// from the child's own mapping, changes inside it arrive as memoryChanged, changes elsewhere as
// pagesChanged, and a write by A reaches B's watcher through the poke path as well as polling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryChangedEvent, ProcessName } from '../common/api';
import { MAX_VIEW_WINDOW } from '../common/schemas';
import { native } from './native';
import type { TestLab } from './test-helpers';
import { nextEvent, startTestLab } from './test-helpers';

const pageSize = native.constants.pageSize;
const PAGES = 64;

describe('viewMemory and pagesChanged', () => {
  let t: TestLab;
  let shmid: number;

  beforeAll(async () => {
    t = await startTestLab();
    const segment = await t.lab.createSegment({
      key: 0,
      size: PAGES * pageSize,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    shmid = segment.shmid;
    for (const process of ['A', 'B'] as const) {
      await t.lab.attach({ process, shmid, readOnly: false, round: false, writeForeign: false });
    }
  });

  afterAll(async () => {
    await t.close();
  });

  const write = (process: ProcessName, offset: number, value: string) =>
    t.lab.write({ process, offset, type: 'u32', value, endian: 'le' });

  it('returns the window read by the child, at its address in that child', async () => {
    await write('A', 10 * pageSize + 4, '0x01020304');
    const view = await t.lab.viewMemory({ process: 'B', offset: 10 * pageSize, length: 16 });
    expect(view.bytes).toEqual([0, 0, 0, 0, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const base = BigInt((await t.lab.getState()).processes.B.attachment!.address);
    expect(view.address).toBe(`0x${(base + BigInt(10 * pageSize)).toString(16)}`);
    expect(view.process).toBe('B');
    expect(view.offset).toBe(10 * pageSize);
  });

  it('reports changes inside the window as memoryChanged, which cover the window', async () => {
    const offset = 20 * pageSize;
    const view = await t.lab.viewMemory({ process: 'B', offset, length: 2 * pageSize });
    const seenByB = Uint8Array.from(view.bytes);
    const events: MemoryChangedEvent[] = [];
    const stop = t.lab.on('memoryChanged', (event) => {
      if (event.process !== 'B') return;
      events.push(event);
      seenByB.set(event.bytes, event.offset - offset);
    });
    const settled = nextEvent(
      t.lab,
      'memoryChanged',
      (e) =>
        e.process === 'B' &&
        e.offset <= offset + pageSize + 8 &&
        e.offset + e.bytes.length > offset + pageSize + 8,
    );
    await write('A', offset + 100, '0xcafef00d');
    await write('A', offset + pageSize + 8, '0x0badf00d');
    await settled;
    const truth = await t.lab.read({ process: 'B', offset, length: 2 * pageSize, peek: true });
    expect(Array.from(seenByB)).toEqual(truth.bytes);
    for (const event of events) {
      expect(event.offset).toBeGreaterThanOrEqual(offset);
      expect(event.offset + event.bytes.length).toBeLessThanOrEqual(offset + 2 * pageSize);
    }
    stop();
  });

  it('reports a write outside the window as pagesChanged with its page index', async () => {
    await t.lab.viewMemory({ process: 'B', offset: 0, length: pageSize });
    const page = 50;
    const seen = nextEvent(
      t.lab,
      'pagesChanged',
      (e) => e.process === 'B' && e.pages.includes(page),
      10_000,
    );
    await write('A', page * pageSize + 12, '7');
    const event = await seen;
    expect(event.shmid).toBe(shmid);
    expect(event.pages).toEqual([...event.pages].sort((x, y) => x - y));
    expect(event.pages.every((index) => index >= 1 && index < PAGES)).toBe(true);
  });

  it('a write by A reaches B through the poke path; B reads it from its own mapping', async () => {
    // A window of 0 bytes: B reports the page, never the bytes, so the event is B's own sweep's.
    await t.lab.viewMemory({ process: 'B', offset: 0, length: 0 });
    const page = 33;
    const seen = nextEvent(
      t.lab,
      'pagesChanged',
      (e) => e.process === 'B' && e.pages.includes(page),
    );
    await write('A', page * pageSize, '0xffffffff');
    await seen;
    const read = await t.lab.read({ process: 'B', offset: page * pageSize, length: 4, peek: true });
    expect(read.bytes).toEqual([0xff, 0xff, 0xff, 0xff]);
  });

  it('refuses a window that does not fit, is too large, or has no attachment', async () => {
    await expect(
      t.lab.viewMemory({ process: 'B', offset: PAGES * pageSize - 8, length: 16 }),
    ).rejects.toMatchObject({ code: 'E_BAD_INPUT', message: expect.stringContaining('window') });
    await expect(
      t.lab.viewMemory({ process: 'B', offset: 0, length: MAX_VIEW_WINDOW + 1 }),
    ).rejects.toMatchObject({ code: 'E_BAD_INPUT' });
    await t.lab.detach({ process: 'A' });
    await expect(t.lab.viewMemory({ process: 'A', offset: 0, length: 16 })).rejects.toMatchObject({
      code: 'E_NOT_ATTACHED',
    });
    await t.lab.attach({
      process: 'A',
      shmid,
      readOnly: false,
      round: false,
      writeForeign: false,
    });
  });
});
