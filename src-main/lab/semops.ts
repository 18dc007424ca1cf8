// semop made by a child, as main follows it: each process's wait (answered 'waiting', ended
// later by the child's 'semopFinished', or by its death), the thread it made its last call on
// (read from /proc when asked), and the semopFinished events with the set as it is afterwards.
import type {
  ProcessName,
  SemopFinishedEvent,
  SemopResult,
  SemaphoreSetStat,
  ThreadState,
} from '../common/api';
import type { ErrorEnvelope } from '../common/errors';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import { readThreadState } from '../proc/task-stat';
import type { SyncMessage } from './child-protocol';
import type { ProcessSlot } from './process-slot';
import type { SemaphoreBook } from './semaphore-book';
import { noSuchSet, requireSetChangeAllowed } from './ownership';
import { requireSemnum } from './semaphore-commands';
import { observeSet } from './semaphore-stat';

type Finished = Extract<SyncMessage, { type: 'semopFinished' }>;

interface Wait {
  semid: number;
  /** 'asking': the request is out; a finish that arrives before its answer is kept in `early`. */
  phase: 'asking' | 'waiting';
  early: Finished | 'exited' | null;
}

export class SemopTracker {
  private readonly waits: Partial<Record<ProcessName, Wait>> = {};
  /** The thread of each process's latest semop: /proc/<pid>/task/<tid>. */
  private readonly threads: Partial<Record<ProcessName, { pid: number; tid: number }>> = {};

  constructor(
    private readonly book: SemaphoreBook,
    private readonly emit: (event: SemopFinishedEvent) => void,
  ) {}

  /** The child makes the semop itself; the answer carries its thread and the set right after. */
  async semop(slot: ProcessSlot, input: ParsedInput<'semop'>): Promise<SemopResult> {
    const name = input.process;
    const busy = this.waits[name];
    if (busy !== undefined) {
      throw new LabError(
        'E_BAD_INPUT',
        `process ${name} is already in a semop on set ${busy.semid}; cancel it (cancelSemop) first`,
      );
    }
    // semop changes the set's values as SETVAL does: the same consent for a foreign set.
    const row = requireSetChangeAllowed(
      this.book,
      input.semid,
      input.confirmForeign,
      'operate on (semop)',
      'semop',
    );
    for (const op of input.ops) requireSemnum(input.semid, row.nsems, op.semnum);
    const wait: Wait = { semid: input.semid, phase: 'asking', early: null };
    this.waits[name] = wait;
    let reply;
    try {
      reply = await slot.request({
        op: 'semop',
        semid: input.semid,
        ops: input.ops.map((op) => ({
          num: op.semnum,
          op: op.op,
          nowait: op.nowait,
          undo: op.undo,
        })),
      });
    } catch (error) {
      delete this.waits[name];
      throw this.explain(name, input.semid, error);
    }
    if (slot.current.pid !== null) this.threads[name] = { pid: slot.current.pid, tid: reply.tid };
    if (reply.status === 'done') delete this.waits[name];
    else if (wait.early !== null) {
      const early = wait.early;
      delete this.waits[name];
      // It ended before its answer was handled: report the end after the answer.
      setImmediate(() =>
        early === 'exited' ? this.exited(name, input.semid) : this.finish(name, input.semid, early),
      );
    } else wait.phase = 'waiting';
    const stat = observeSet(input.semid);
    if (stat === null) throw noSuchSet(this.book, input.semid);
    return {
      process: name,
      semid: input.semid,
      ops: input.ops,
      status: reply.status,
      thread: reply.thread,
      stat,
    };
  }

  /** Interrupts `process`'s wait; a semopFinished 'cancelled' follows. */
  async cancel(slot: ProcessSlot): Promise<void> {
    if (this.waits[slot.name]?.phase !== 'waiting') {
      throw new LabError(
        'E_BAD_INPUT',
        `process ${slot.name} is not waiting in a semop; there is nothing to cancel`,
      );
    }
    await slot.request({ op: 'cancelSemop' });
  }

  /** The thread of `process`'s waiting (else latest) semop, read now; null when it is gone. */
  threadState(name: ProcessName): ThreadState | null {
    const thread = this.threads[name];
    return thread === undefined ? null : readThreadState(thread.pid, thread.tid);
  }

  /** A child said its wait ended. */
  onFinished(name: ProcessName, message: Finished): void {
    const wait = this.waits[name];
    if (wait === undefined) return; // a wait this Lab no longer follows
    if (wait.phase === 'asking') {
      if (wait.early === null) wait.early = message;
      return;
    }
    delete this.waits[name];
    this.finish(name, wait.semid, message);
  }

  /** A child died: a wait it was in ends with it (SEM_UNDO adjustments are already applied). */
  onExited(name: ProcessName): void {
    const wait = this.waits[name];
    if (wait === undefined) return;
    if (wait.phase === 'asking') {
      // Its answer may be on its way still (the request fails if it is not).
      wait.early = 'exited';
      return;
    }
    delete this.waits[name];
    this.exited(name, wait.semid);
  }

  private exited(name: ProcessName, semid: number): void {
    this.emit({ process: name, semid, outcome: 'exited', error: null, stat: observeSet(semid) });
  }

  private finish(name: ProcessName, semid: number, message: Finished): void {
    const stat: SemaphoreSetStat | null = observeSet(semid);
    let error: ErrorEnvelope | null = message.error;
    if (error?.code === 'EIDRM') {
      error = {
        ...error,
        message: `semaphore set ${semid} was removed (IPC_RMID) while process ${name} waited in semop: the kernel woke it with EIDRM`,
      };
    }
    this.emit({ process: name, semid, outcome: message.outcome, error, stat });
  }

  /** The kernel's errors in words where the addon's are terse. */
  private explain(name: ProcessName, semid: number, error: unknown): unknown {
    const code = (error as { code?: unknown }).code;
    const syscall = (error as { syscall?: string }).syscall ?? 'semop';
    if (code === 'EAGAIN') {
      return new LabError(
        'EAGAIN',
        `semop in process ${name} would have had to wait, and IPC_NOWAIT asked it not to: it returned EAGAIN at once`,
        syscall,
      );
    }
    if (code === 'EINVAL' || code === 'EIDRM') {
      if (observeSet(semid) === null) return noSuchSet(this.book, semid);
    }
    return error;
  }
}
