import { describe, expect, it } from 'vitest';
import type { TerminalWrite } from './program-output';
import { createOutputChannel } from './program-output';

describe('the program output channel', () => {
  it('streams the current run’s output and drops another run’s', () => {
    const channel = createOutputChannel();
    const seen: TerminalWrite[] = [];
    const stop = channel.subscribe((write) => seen.push(write));
    channel.write(1, 'before any run');
    channel.reset(3);
    channel.write(3, 'hello ');
    channel.write(2, 'late output of an older run');
    channel.write(3, 'world\r\n');
    stop();
    channel.write(3, 'after unsubscribe');
    expect(seen).toEqual([
      { kind: 'reset', runId: 3 },
      { kind: 'output', runId: 3, data: 'hello ' },
      { kind: 'output', runId: 3, data: 'world\r\n' },
    ]);
    expect(channel.scrollback()).toEqual({
      runId: 3,
      text: 'hello world\r\nafter unsubscribe',
    });
  });

  it('keeps only the end of a long output, whatever the chunk sizes', () => {
    const channel = createOutputChannel(10);
    channel.reset(1);
    channel.write(1, 'abc');
    channel.write(1, 'defghij');
    channel.write(1, 'klmnopqrstuvwxyz');
    expect(channel.scrollback().text).toBe('qrstuvwxyz');
    channel.write(1, '12');
    expect(channel.scrollback().text).toBe('stuvwxyz12');
    channel.reset(2);
    expect(channel.scrollback()).toEqual({ runId: 2, text: '' });
  });
});
