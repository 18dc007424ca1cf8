// The Lab's write: the writing process stores the bytes in its own mapping, and the write is
// answered after the reports it caused. While it travels, the other processes watch closely
// (expect, sent right after the write itself); once the writer answered, every process with
// the segment looks at once (poke) and the Lab waits briefly for each to say it looked. The
// writer's own watcher reports are held until then, so the change a learner waits to see (the
// other pane's) goes out first.
import type { ProcessName, WriteResult } from '../common/api';
import { encodeWriteValue } from '../common/offset-text';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import { toHex, writableAttachment } from './attachment-checks';
import { expectWrite, pokeWatchers } from './memory-commands';
import type { ProcessSlot } from './process-slot';

export class Writes {
  /** Processes with writes under way, and their own reports held until those are answered. */
  private readonly writing: Partial<
    Record<ProcessName, { count: number; reports: (() => void)[] }>
  > = {};

  constructor(private readonly slots: Record<ProcessName, ProcessSlot>) {}

  /** Passes on a watcher report of `name` now, or once its writes under way are answered. */
  report(name: ProcessName, deliver: () => void): void {
    const held = this.writing[name];
    if (held === undefined) deliver();
    else held.reports.push(deliver);
  }

  async write(input: ParsedInput<'write'>): Promise<WriteResult> {
    const encoded = encodeWriteValue(input.type, input.value, input.endian);
    if (!encoded.ok)
      throw new LabError(
        'E_BAD_INPUT',
        `${encoded.error.message}; allowed: ${encoded.error.allowed}`,
      );
    const bytes = Array.from(encoded.bytes);
    const writer = input.process;
    const attachment = writableAttachment(
      this.slots[writer].current,
      input.offset,
      bytes.length,
      `a ${input.type} value`,
    );
    const held = (this.writing[writer] ??= { count: 0, reports: [] });
    held.count += 1;
    try {
      // The writer first: its write is what the others wait for, and telling them is not.
      const written = this.slots[writer].request({ op: 'write', offset: input.offset, bytes });
      expectWrite(this.slots, writer, attachment.shmid);
      await written;
      await pokeWatchers(this.slots, writer, attachment.shmid, input.offset, bytes.length);
    } finally {
      held.count -= 1;
      if (held.count === 0) {
        delete this.writing[writer];
        for (const deliver of held.reports) deliver();
      }
    }
    return {
      process: writer,
      offset: input.offset,
      bytes,
      address: toHex(BigInt(attachment.address) + BigInt(input.offset)),
    };
  }
}
