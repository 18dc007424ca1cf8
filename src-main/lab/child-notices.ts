// What the Lab tells a child without waiting for an answer to it (child-protocol.ts): 'expect'
// (a write elsewhere is on its way) and 'poke' (look now), and the 'looked' that answers a
// poke. Both are hints: one that cannot be delivered is dropped (a poke resolves at once).
import type { ChildHandle } from './child-host';
import type { ChildNotice } from './child-protocol';

export class ChildNotices {
  private nextPoke = 1;
  /** Pokes the Lab still waits for: seq → resolve. */
  private readonly looking = new Map<number, () => void>();

  constructor(private readonly lookWaitMs: number) {}

  /** Tells `child` a write elsewhere is on its way; dropped if undeliverable. */
  expect(child: ChildHandle, withinUs: number): void {
    const notice: ChildNotice = { op: 'expect', withinUs };
    child.send(notice, () => undefined);
  }

  /**
   * Asks `child` to look at [offset, offset + length) now. Resolves once it said it looked, when
   * `lookedAll` runs (its exit), after lookWaitMs, or as soon as the poke turns out
   * undeliverable, whichever is first; never rejects.
   */
  poke(child: ChildHandle, offset: number, length: number): Promise<void> {
    const seq = this.nextPoke++;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.looking.delete(seq);
        resolve();
      };
      const timer = setTimeout(done, this.lookWaitMs);
      this.looking.set(seq, done);
      const notice: ChildNotice = { op: 'poke', offset, length, seq };
      child.send(notice, done);
    });
  }

  /** The child answered the poke `seq`. */
  looked(seq: number): void {
    this.looking.get(seq)?.();
  }

  /** The child is gone (or a new one starts): nothing it was asked will be answered. */
  lookedAll(): void {
    for (const done of [...this.looking.values()]) done();
  }
}
