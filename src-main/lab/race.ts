// The free run: A and B each add 1 to one u32 of the segment they share, `times` times, at
// once, on a thread of their own, in one of three variants (no lock, a semaphore around each
// increment, an atomic add). The counter is zeroed and read back by A; each loop reports how
// many increments it did and how long it took on its own thread.
import type { ProcessName, RaceProgressEvent, RaceResult, RaceVariant } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import type { SyncMessage } from './child-protocol';
import { native } from './native';
import type { ProcessSlot } from './process-slot';
import type { SemaphoreBook } from './semaphore-book';
import { observeSet } from './semaphore-stat';

const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];
/** raceProgress at most this often (10 a second). */
const PROGRESS_MS = 100;

type Finished = Extract<SyncMessage, { type: 'incrementsFinished' }>;

interface Loop {
  promise: Promise<Finished>;
  resolve(message: Finished): void;
  reject(error: Error): void;
}

interface Running {
  variant: RaceVariant;
  times: number;
  loops: Record<ProcessName, Loop>;
}

function loop(): Loop {
  let resolve!: (message: Finished) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<Finished>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Awaited later, together: an early rejection must not count as unhandled meanwhile.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class FreeRuns {
  private running: Running | null = null;

  constructor(
    private readonly slots: Record<ProcessName, ProcessSlot>,
    private readonly book: SemaphoreBook,
    private readonly progress: (event: RaceProgressEvent) => void,
  ) {}

  /** Runs the variant to its end (or its cancel); the attachments were checked by the caller. */
  async run(input: ParsedInput<'race'>): Promise<RaceResult> {
    if (this.running !== null) {
      throw new LabError(
        'E_BAD_INPUT',
        `a free run (${this.running.variant}) is under way; wait for it, or cancel it first`,
      );
    }
    const [a, b] = PROCESS_NAMES.map((name) => this.slots[name].current.attachment);
    if (a?.shmid !== b?.shmid) {
      throw new LabError(
        'E_BAD_INPUT',
        `A and B have different segments attached (${a?.shmid} and ${b?.shmid}); attach the same one in both`,
      );
    }
    const running: Running = {
      variant: input.variant,
      times: input.times,
      loops: { A: loop(), B: loop() },
    };
    this.running = running;
    let semid: number | null = null;
    try {
      if (input.variant === 'semaphore') semid = this.makeLock();
      return await this.race(running, input, semid);
    } finally {
      this.running = null;
      if (semid !== null) this.removeLock(semid);
    }
  }

  /** Asks both loops to stop after their current increment; nothing to do when none runs. */
  async cancel(): Promise<void> {
    if (this.running === null) return;
    await Promise.allSettled(
      PROCESS_NAMES.map((name) => this.slots[name].request({ op: 'cancelIncrements' })),
    );
  }

  /** A child's loop ended. */
  onFinished(name: ProcessName, message: Finished): void {
    this.running?.loops[name].resolve(message);
  }

  /** A child died: its loop ended with it. */
  onExited(name: ProcessName): void {
    this.running?.loops[name].reject(
      new LabError('E_CHILD_EXITED', `process ${name} exited during the free run`),
    );
  }

  /** A private set holding 1, recorded the moment semget returns, for this run only. */
  private makeLock(): number {
    const { IPC_PRIVATE, IPC_CREAT } = native.constants;
    const semid = native.semget(IPC_PRIVATE, 1, IPC_CREAT | 0o600);
    this.book.recordCreated(semid, IPC_PRIVATE);
    native.semctl(semid, 0, 'SETVAL', 1);
    return semid;
  }

  private removeLock(semid: number): void {
    try {
      native.semctl(semid, 0, 'IPC_RMID');
    } catch {
      // Removed already (by the learner, mid-run): the loops said so.
    }
    this.book.forget(semid);
  }

  private async race(
    running: Running,
    input: ParsedInput<'race'>,
    semid: number | null,
  ): Promise<RaceResult> {
    const { offset, times, variant } = input;
    await this.slots.A.request({ op: 'write', offset, bytes: [0, 0, 0, 0] });
    const started = performance.now();
    const starts = await Promise.allSettled(
      PROCESS_NAMES.map((name) =>
        this.slots[name].request({
          op: 'startIncrements',
          offset,
          times,
          mode: variant,
          semid,
          semnum: semid === null ? null : 0,
        }),
      ),
    );
    const timer = setInterval(() => void this.report(running), PROGRESS_MS);
    let finished: Finished[];
    try {
      const failed = starts.find((start) => start.status === 'rejected');
      if (failed !== undefined) {
        await this.stopStarted(running, starts);
        throw failed.reason;
      }
      finished = await this.bothFinished(running, semid);
    } finally {
      clearInterval(timer);
    }
    const durationMs = performance.now() - started;
    const { bytes } = await this.slots.A.request({ op: 'read', offset, length: 4, peek: false });
    const final = new DataView(Uint8Array.from(bytes).buffer).getUint32(0, true);
    const [doneA, doneB] = finished as [Finished, Finished];
    const expected = doneA.done + doneB.done;
    const per = (message: Finished) => ({
      done: message.done,
      // Each loop's own time on its own thread; 0 when it did nothing to divide by.
      nsPerIncrement: message.done === 0 ? 0 : (message.elapsedNs ?? 0) / message.done,
    });
    return {
      variant,
      offset,
      times,
      expected,
      final,
      lost: expected - final,
      durationMs,
      perProcess: { A: per(doneA), B: per(doneB) },
      cancelled: doneA.cancelled || doneB.cancelled,
      semid,
    };
  }

  /** Both loops' ends; a failed loop (or a dead child) stops the other before it is reported. */
  private async bothFinished(running: Running, semid: number | null): Promise<Finished[]> {
    const stopTheOther = (): void => void this.cancel();
    for (const name of PROCESS_NAMES) {
      running.loops[name].promise.then((end) => {
        if (end.error !== null) stopTheOther();
      }, stopTheOther);
    }
    const ends = await Promise.allSettled(PROCESS_NAMES.map((name) => running.loops[name].promise));
    const lost = ends.find((end) => end.status === 'rejected');
    if (lost !== undefined) throw lost.reason;
    const messages = ends.map((end) => (end as PromiseFulfilledResult<Finished>).value);
    PROCESS_NAMES.forEach((name, index) => {
      const { error, done } = messages[index]!;
      if (error === null) return;
      // A semop asleep when the set goes returns EIDRM; one that starts after it, EINVAL.
      const removed = semid !== null && (error.code === 'EIDRM' || error.code === 'EINVAL');
      if (removed && observeSet(semid) === null) {
        throw new LabError(
          'EIDRM',
          `the semaphore set guarding the counter was removed (IPC_RMID) during the run: process ${name}'s semop failed with ${error.code} after ${done} increments`,
          error.syscall,
        );
      }
      throw LabError.fromEnvelope(error);
    });
    return messages;
  }

  /** One loop could not start: the other is cancelled and awaited, so nothing runs on. */
  private async stopStarted(running: Running, starts: PromiseSettledResult<null>[]): Promise<void> {
    const started = PROCESS_NAMES.filter((_, index) => starts[index]?.status === 'fulfilled');
    await Promise.allSettled(
      started.map((name) => this.slots[name].request({ op: 'cancelIncrements' })),
    );
    await Promise.allSettled(started.map((name) => running.loops[name].promise));
  }

  private polling = false;

  private async report(running: Running): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const [a, b] = await Promise.all(
        PROCESS_NAMES.map((name) => this.slots[name].request({ op: 'incrementProgress' })),
      );
      if (this.running !== running) return;
      this.progress({
        variant: running.variant,
        times: running.times,
        done: { A: a!.done, B: b!.done },
      });
    } catch {
      // A child busy or gone: the run's end reports it.
    } finally {
      this.polling = false;
    }
  }
}
