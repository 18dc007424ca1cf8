// watch(): changes made by anyone, reported with the bytes this process read from its mapping.
//
// The watcher polls, so a write may be seen half-done and reported over two batches. The tests
// therefore replay what was reported onto a copy and wait until the copy matches, and assert that
// no reported range lies outside what was written.
import type { Attachment, MappingChange, WatchOptions } from '../index.js';
import { describe, expect, it, vi } from 'vitest';
import { AttachChild } from './children';
import { attach, createSegment, expectArgumentError, pageSize } from './helpers';

interface Recorder {
  readonly batches: MappingChange[][];
  readonly changes: () => MappingChange[];
  /** A copy of the segment built only from what was reported. */
  readonly replayed: () => Buffer;
  readonly stop: () => void;
}

function record(attachment: Attachment, options?: WatchOptions): Recorder {
  const batches: MappingChange[][] = [];
  const initial = attachment.read(0, attachment.size);
  const stop = attachment.watch((changes) => batches.push(changes), options);
  const changes = () => batches.flat();
  const replayed = () => {
    const copy = Buffer.from(initial);
    for (const { offset, bytes } of changes()) copy.set(bytes, offset);
    return copy;
  };
  return { batches, changes, replayed, stop };
}

/** Waits until `recorder` has seen the bytes `expected` at `offset`. */
async function seen(recorder: Recorder, offset: number, expected: Uint8Array): Promise<void> {
  await vi.waitFor(
    () => expect(recorder.replayed().subarray(offset, offset + expected.length)).toEqual(expected),
    { timeout: 10_000, interval: 5 },
  );
}

function expectWithin(changes: MappingChange[], ranges: [start: number, end: number][]) {
  for (const { offset, bytes } of changes) {
    expect(bytes).toBeInstanceOf(Buffer);
    expect(bytes.length).toBeGreaterThan(0);
    const inside = ranges.some(([start, end]) => offset >= start && offset + bytes.length <= end);
    expect(inside, `change at ${offset} (+${bytes.length}) outside ${JSON.stringify(ranges)}`).toBe(
      true,
    );
  }
}

/** Lets batches already queued for the event loop be delivered. */
async function drainQueuedBatches(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('watch', () => {
  it('reports a write through another attachment with its offset and bytes', async () => {
    const shmid = createSegment(256);
    const watched = attach(shmid, { readOnly: true });
    const recorder = record(watched);
    const written = Buffer.from('hello, watcher');
    attach(shmid).write(10, written);
    await seen(recorder, 10, written);
    expectWithin(recorder.changes(), [[10, 10 + written.length]]);
    expect(recorder.replayed()).toEqual(watched.read(0, 256));
    recorder.stop();
  });

  it('reports changes far apart as separate ranges', async () => {
    const shmid = createSegment(2048);
    // Slow polling, so both writes most likely land in one scan.
    const recorder = record(attach(shmid), { fastIntervalUs: 100_000, idleIntervalUs: 100_000 });
    const writer = attach(shmid);
    writer.write(0, Buffer.from('AAAA'));
    writer.write(1000, Buffer.from('BBBB'));
    await seen(recorder, 0, Buffer.from('AAAA'));
    await seen(recorder, 1000, Buffer.from('BBBB'));
    expectWithin(recorder.changes(), [
      [0, 4],
      [1000, 1004],
    ]);
    recorder.stop();
  });

  it('reports a write made by a forked child process', async () => {
    const shmid = createSegment(pageSize);
    const recorder = record(attach(shmid));
    const child = await AttachChild.start();
    const attached = await child.attach(shmid);
    if (!attached.ok) throw new Error(`child attach failed: ${attached.error.code}`);
    const written = Buffer.from('written by another process');
    await child.write(attached.value.ref, 3000, written);
    await seen(recorder, 3000, written);
    expectWithin(recorder.changes(), [[3000, 3000 + written.length]]);
    recorder.stop();
    expect(await child.close()).toEqual({ code: 0, signal: null });
  });

  it('stops delivering once its stop function is called', async () => {
    const shmid = createSegment(128);
    const stopped = record(attach(shmid));
    stopped.stop();
    stopped.stop(); // a second call does nothing
    // A control watcher with the same polling proves the change was there to be seen.
    const control = record(attach(shmid));
    attach(shmid).write(5, Buffer.from('unseen'));
    await seen(control, 5, Buffer.from('unseen'));
    await drainQueuedBatches();
    expect(stopped.batches).toEqual([]);
    control.stop();
  });

  it('stops delivering when the attachment is detached', async () => {
    const shmid = createSegment(128);
    const detached = attach(shmid);
    const recorder = record(detached);
    detached.detach();
    expect(detached.attached).toBe(false);
    const control = record(attach(shmid));
    attach(shmid).write(5, Buffer.from('after detach'));
    await seen(control, 5, Buffer.from('after detach'));
    await drainQueuedBatches();
    expect(recorder.batches).toEqual([]);
    recorder.stop(); // harmless after detach
    control.stop();
  });

  it('is replaced by a later watch(); the earlier stop function does not stop the later one', async () => {
    const shmid = createSegment(128);
    const watched = attach(shmid);
    const writer = attach(shmid);
    const earlier = record(watched);
    const later = record(watched);
    earlier.stop();
    writer.write(0, Buffer.from('to the later one'));
    await seen(later, 0, Buffer.from('to the later one'));
    await drainQueuedBatches();
    expect(earlier.batches).toEqual([]);
    later.stop();
  });

  it('rejects a listener that is not a function', () => {
    const attachment = attach(createSegment(64));
    for (const listener of [undefined, null, 'listener', {}]) {
      expectArgumentError(
        () => attachment.watch(listener as unknown as () => void),
        TypeError,
        'ERR_INVALID_ARG_TYPE',
        '"listener"',
      );
    }
  });

  it('rejects invalid options', () => {
    const attachment = attach(createSegment(64));
    const watch = (options: unknown) => () =>
      attachment.watch(() => undefined, options as WatchOptions);
    const range = (options: unknown, name: string) =>
      expectArgumentError(watch(options), RangeError, 'ERR_OUT_OF_RANGE', `"${name}"`);
    const type = (options: unknown, name: string) =>
      expectArgumentError(watch(options), TypeError, 'ERR_INVALID_ARG_TYPE', `"${name}"`);

    for (const bad of [49, 1_000_001, -1, 100.5, NaN, Infinity]) {
      range({ fastIntervalUs: bad }, 'options.fastIntervalUs');
      range({ idleIntervalUs: bad }, 'options.idleIntervalUs');
    }
    for (const bad of [-1, 60_001, 0.5, NaN, -Infinity, 2 ** 53]) {
      range({ idleAfterMs: bad }, 'options.idleAfterMs');
    }
    for (const bad of [49, 1_000_001, 0.5, NaN]) {
      range({ restIntervalUs: bad }, 'options.restIntervalUs');
    }
    // At rest can only come after idle: restAfterMs from idleAfterMs (default 1000) on.
    for (const bad of [999, 3_600_001, 1000.5, NaN]) {
      range({ restAfterMs: bad }, 'options.restAfterMs');
    }
    range({ idleAfterMs: 5000, restAfterMs: 4999 }, 'options.restAfterMs');
    for (const bad of ['500', 500n, true, {}]) {
      type({ fastIntervalUs: bad }, 'options.fastIntervalUs');
      type({ idleIntervalUs: bad }, 'options.idleIntervalUs');
      type({ idleAfterMs: bad }, 'options.idleAfterMs');
      type({ restIntervalUs: bad }, 'options.restIntervalUs');
      type({ restAfterMs: bad }, 'options.restAfterMs');
    }
    for (const bad of [null, 'fast', 5, []]) type(bad, 'options');
    expectArgumentError(
      watch({ intervalUs: 500 }),
      TypeError,
      'ERR_INVALID_ARG_VALUE',
      '"intervalUs"',
    );
    // The boundaries themselves are accepted.
    attachment.watch(() => undefined, { fastIntervalUs: 50, idleIntervalUs: 1_000_000 })();
    attachment.watch(() => undefined, { idleAfterMs: 0 })();
    attachment.watch(() => undefined, { idleAfterMs: 60_000 })();
    attachment.watch(() => undefined, { idleAfterMs: 5000, restAfterMs: 5000 })();
    attachment.watch(() => undefined, { restIntervalUs: 50, restAfterMs: 3_600_000 })();
  });
});
