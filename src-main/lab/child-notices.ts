// What the Lab tells a child without waiting for an answer to it (child-protocol.ts): 'expect'
// (a write elsewhere is on its way) and 'poke' (look now), and the 'looked' that answers a
// poke. Both are hints, so both are bounded: a child that left MAX_UNANSWERED_POKES pokes
// unanswered is stopped or stuck, its own poll covers what they would ask, and each more would
// only grow its queue, so nothing more is sent to it until it answers.
import type { ChildHandle } from './child-host';
import type { ChildNotice } from './child-protocol';

/** Pokes a child may leave unanswered before it is sent no more pokes or expects. */
export const MAX_UNANSWERED_POKES = 64;

export class ChildNotices {
  private nextPoke = 1;
  /** Pokes the Lab still waits for: seq → resolve. */
  private readonly looking = new Map<number, () => void>();
  /** Pokes sent to the current child that it has not answered, waited for or not. */
  private unanswered = 0;

  constructor(private readonly lookWaitMs: number) {}

  /** Tells `child` a write elsewhere is on its way; dropped if undeliverable. */
  expect(child: ChildHandle, withinUs: number): void {
    if (this.unanswered >= MAX_UNANSWERED_POKES) return;
    const notice: ChildNotice = { op: 'expect', withinUs };
    child.send(notice, () => undefined);
  }

  /**
   * Asks `child` to look at [offset, offset + length) now. Resolves once it said it looked, when
   * `lookedAll` runs (its exit), after lookWaitMs, or as soon as the poke turns out
   * undeliverable, whichever is first; never rejects. Sends nothing, and resolves at once, to a
   * child that left MAX_UNANSWERED_POKES pokes unanswered.
   */
  poke(child: ChildHandle, offset: number, length: number): Promise<void> {
    if (this.unanswered >= MAX_UNANSWERED_POKES) return Promise.resolve();
    this.unanswered += 1;
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
    this.unanswered = Math.max(0, this.unanswered - 1);
    this.looking.get(seq)?.();
  }

  /** The child is gone (or a new one starts): nothing it was asked will be answered. */
  lookedAll(): void {
    this.unanswered = 0;
    for (const done of [...this.looking.values()]) done();
  }
}
