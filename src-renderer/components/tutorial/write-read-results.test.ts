import { describe, expect, it } from 'vitest';
import type { ProcessState, ReadResult, WriteResult } from '../../../src-main/common/api';
import type { Outcome } from '../../store/lab-store';
import { isCurrentRead, paneFiveResults } from './write-read-results';

const writer: ProcessState = {
  name: 'A',
  pid: 10,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: { shmid: 3, address: '0x7f0000000000', size: 4096, readOnly: false },
};
const readerState: ProcessState = {
  ...writer,
  name: 'B',
  pid: 11,
  attachment: { shmid: 3, address: '0x7e0000000000', size: 4096, readOnly: false },
};

function memoryWith(offset: number, bytes: number[]): Uint8Array {
  const memory = new Uint8Array(4096);
  memory.set(bytes, offset);
  return memory;
}

const wrote = (value: number, at: number, offset = 16): Outcome<WriteResult> => ({
  ok: true,
  at,
  seq: at,
  about: 'A',
  value: {
    process: 'A',
    offset,
    bytes: [value, 0, 0, 0],
    address: `0x${(0x7f0000000000 + offset).toString(16)}`,
  } satisfies WriteResult,
});
const read = (value: number, at: number, offset = 16): Outcome<ReadResult> => ({
  ok: true,
  at,
  seq: at,
  about: 'B',
  value: {
    process: 'B',
    offset,
    bytes: [value, 0, 0, 0],
    address: `0x${(0x7e0000000000 + offset).toString(16)}`,
  } satisfies ReadResult,
});
const failed: Outcome<ReadResult> = {
  ok: false,
  at: 300,
  seq: 300,
  about: 'B',
  error: { code: 'E_NOT_ATTACHED', message: 'no' },
};

describe('paneFiveResults', () => {
  const reader = { state: readerState, memory: memoryWith(16, [42, 0, 0, 0]) };

  it('shows a load beside the store it followed at the same offset', () => {
    const shown = paneFiveResults(wrote(42, 100), read(42, 200), writer, reader);
    expect(shown.write?.ok && shown.write.value.bytes).toEqual([42, 0, 0, 0]);
    expect(shown.read?.ok && shown.read.value.bytes).toEqual([42, 0, 0, 0]);
  });

  it('never shows an old load beside a newer store', () => {
    const shown = paneFiveResults(wrote(7, 300), read(42, 200), writer, reader);
    expect(shown.read).toBeUndefined();
    expect(shown.write?.ok && shown.write.value.bytes).toEqual([7, 0, 0, 0]);
  });

  it('shows a load alone when the store before it was at another offset', () => {
    const elsewhere = { state: readerState, memory: memoryWith(32, [42, 0, 0, 0]) };
    const shown = paneFiveResults(wrote(42, 100, 16), read(42, 200, 32), writer, elsewhere);
    expect(shown.write).toBeUndefined();
    expect(shown.read?.ok).toBe(true);
  });

  it('drops a load once the reader’s bytes there changed, and its store with it', () => {
    const changed = { state: readerState, memory: memoryWith(16, [9, 0, 0, 0]) };
    expect(paneFiveResults(wrote(42, 100), read(42, 200), writer, changed)).toEqual({
      write: undefined,
      read: undefined,
    });
  });

  it('drops results once their process detached', () => {
    const detached = { state: { ...readerState, attachment: null }, memory: null };
    expect(paneFiveResults(wrote(42, 100), read(42, 200), writer, detached).read).toBeUndefined();
    const writerGone = { ...writer, attachment: null };
    expect(
      paneFiveResults(wrote(42, 300), read(42, 200), writerGone, reader).write,
    ).toBeUndefined();
  });

  it('shows a failed newest action alone', () => {
    expect(paneFiveResults(wrote(42, 100), failed, writer, reader)).toEqual({
      write: undefined,
      read: failed,
    });
  });
});

describe('isCurrentRead', () => {
  const result = read(42, 1);
  const value = result.ok ? result.value : null;

  it('holds while the reader maps the same place and still reports the same bytes', () => {
    expect(
      isCurrentRead(value!, { state: readerState, memory: memoryWith(16, [42, 0, 0, 0]) }),
    ).toBe(true);
    const moved = {
      ...readerState,
      attachment: { ...readerState.attachment!, address: '0x7d0000000000' },
    };
    expect(isCurrentRead(value!, { state: moved, memory: null })).toBe(false);
    // Before the reader's memory view is loaded there is nothing to compare against.
    expect(isCurrentRead(value!, { state: readerState, memory: null })).toBe(true);
  });
});
