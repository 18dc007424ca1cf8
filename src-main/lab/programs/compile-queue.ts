// Compiles run a few at a time: each one takes a slot, a few more wait their turn in order, and
// beyond that a compile is refused at once with EAGAIN, so a flood of compiles (a script, many
// tabs) can neither run the machine out of memory nor pile up without end.
import { LabError } from '../../common/errors';

export class CompileQueue {
  private runningNow = 0;
  private readonly waiters: (() => void)[] = [];

  /** `running` at once, at most `waiting` more in line. */
  constructor(
    readonly running: number,
    readonly waiting: number,
  ) {}

  /** How many run now, and how many wait. */
  get counts(): { running: number; waiting: number } {
    return { running: this.runningNow, waiting: this.waiters.length };
  }

  /** Runs `work` in a slot, after those already waiting; EAGAIN when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.runningNow >= this.running) {
      if (this.waiters.length >= this.waiting) {
        throw new LabError(
          'EAGAIN',
          `too many compiles at once: ${this.running} run and ${this.waiting} wait their turn, ` +
            'the most ShmLab allows. Compile again once one of them has finished',
        );
      }
      // The slot is handed over by the compile that ends, so none can overtake the line.
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.runningNow++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiters.shift();
      if (next !== undefined) next();
      else this.runningNow--;
    }
  }
}
