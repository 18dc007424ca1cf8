// The Lab's reader of a child's standard output: whatever the chunks, each line becomes one
// message or one notice, and a line without end costs no more than the cap.
import { describe, expect, it } from 'vitest';
import { createLineReader } from './child-lines';

function reader(maxLineBytes?: number) {
  const messages: unknown[] = [];
  const unreadable: string[] = [];
  const read = createLineReader(
    {
      message: (message) => messages.push(message),
      unreadable: (problem) => unreadable.push(problem),
    },
    maxLineBytes,
  );
  return { read, messages, unreadable };
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('createLineReader', () => {
  it('reads every split of the same stream as the same messages', () => {
    const stream = bytes(
      '{"type":"ready","pid":7}\n[1,2,3]\n"café ☕"\n{"type":"looked","seq":1}\n',
    );
    const whole = reader();
    whole.read(stream);
    expect(whole.messages).toEqual([
      { type: 'ready', pid: 7 },
      [1, 2, 3],
      'café ☕',
      { type: 'looked', seq: 1 },
    ]);
    // Every cut into two pieces, and byte by byte (a cut may fall inside a UTF-8 character).
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const split = reader();
      split.read(stream.subarray(0, cut));
      split.read(stream.subarray(cut));
      expect(split.messages).toEqual(whole.messages);
      expect(split.unreadable).toEqual([]);
    }
    const single = reader();
    for (let at = 0; at < stream.length; at += 1) single.read(stream.subarray(at, at + 1));
    expect(single.messages).toEqual(whole.messages);
  });

  it('keeps a line until its newline comes', () => {
    const { read, messages } = reader();
    read(bytes('{"type":'));
    read(bytes('"ready"'));
    expect(messages).toEqual([]);
    read(bytes(',"pid":1}'));
    expect(messages).toEqual([]);
    read(bytes('\n'));
    expect(messages).toEqual([{ type: 'ready', pid: 1 }]);
  });

  it('names a line that is not JSON or not UTF-8, and goes on with the next', () => {
    const { read, messages, unreadable } = reader();
    read(bytes('not json\n\n'));
    read(Buffer.from([0x22, 0xff, 0x22, 0x0a]));
    read(bytes('{"ok":true}\n'));
    expect(unreadable).toEqual([
      'a line of 8 bytes that is not JSON',
      'a line of 0 bytes that is not JSON',
      'a line of 3 bytes that is not UTF-8',
    ]);
    expect(messages).toEqual([{ ok: true }]);
  });

  it('drops a line past the cap, whether it comes in one chunk or many, and reads the next', () => {
    const { read, messages, unreadable } = reader(16);
    read(bytes(`"${'a'.repeat(20)}"\n{"n":1}\n`));
    expect(unreadable).toEqual(['a line longer than 16 bytes']);
    expect(messages).toEqual([{ n: 1 }]);
    // Held pieces never pass the cap: the line is given up as soon as it would.
    read(bytes('"0123456789'));
    read(bytes('0123456789'));
    read(bytes('0123456789"'));
    expect(unreadable).toHaveLength(2);
    read(bytes('\n{"n":2}\n'));
    expect(messages).toEqual([{ n: 1 }, { n: 2 }]);
    expect(unreadable).toHaveLength(2);
    // A line of exactly the cap is kept.
    read(bytes(`"${'b'.repeat(14)}"\n`));
    expect(messages.at(-1)).toBe('b'.repeat(14));
  });
});
