// The synchronisation lab, in the child: semop on a thread of its own (so this process keeps
// answering the Lab while the kernel makes it wait), the register of the stepped
// `counter = counter + 1`, and the free-run increment loops. Every value comes from this
// process: its own mapping, its own syscalls, its own /proc/self/task.
import type { Attachment, IncrementRun, SemWait } from '../../native/index.js';
import { toEnvelope } from '../common/errors';
import { LabError } from '../common/errors';
import { readThreadState } from '../proc/task-stat';
import type { ChildMessage, ChildReplies, ChildRequest } from './child-protocol';
import { native } from './native';

type Request<Op extends ChildRequest['op']> = Extract<ChildRequest, { op: Op }>;
type Send = (message: ChildMessage) => void;

/** A semop that returns within this is answered 'done' (or with its error) at once. */
const QUICK_MS = 20;
/**
 * After QUICK_MS the call is still in the kernel. On a loaded machine its thread may not even
 * have run yet (state R): wait, up to this long, until the kernel shows it asleep, so the
 * answer 'waiting' carries the state the kernel really gave it.
 */
const SETTLE_MS = 1000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let waiting: SemWait | null = null;
/** The register of the stepped increment: a real variable of this process; null when empty. */
let register: number | null = null;
let run: IncrementRun | null = null;
/** What the last loop did, for a progress question that comes after its end. */
let lastDone = 0;

type Outcome = { ok: true } | { ok: false; error: unknown };

/** semop on its own thread; 'done' when it returned within QUICK_MS, else 'waiting'. */
export async function semop(request: Request<'semop'>, send: Send): Promise<ChildReplies['semop']> {
  if (waiting !== null) {
    throw new LabError('E_BUSY', 'this process is already waiting in a semop; cancel it first');
  }
  const wait = native.startSemop(request.semid, request.ops);
  let outcome: Outcome | null = null;
  const settled = wait.done.then(
    (): Outcome => (outcome = { ok: true }),
    (error: unknown): Outcome => (outcome = { ok: false, error }),
  );
  await Promise.race([settled, delay(QUICK_MS)]);
  const started = Date.now();
  let thread = readThreadState(process.pid, wait.tid);
  while (outcome === null && thread?.state === 'R' && Date.now() - started < SETTLE_MS) {
    await delay(5);
    thread = readThreadState(process.pid, wait.tid);
  }
  const early = outcome as Outcome | null;
  if (early !== null) {
    if (!early.ok) throw early.error;
    return { status: 'done', tid: wait.tid, thread };
  }
  waiting = wait;
  void settled.then((late) => {
    waiting = null;
    // After this request's answer, which is sent once the current microtasks have run.
    setImmediate(() => send(finishedMessage(late)));
  });
  return { status: 'waiting', tid: wait.tid, thread };
}

function finishedMessage(outcome: Outcome): ChildMessage {
  if (outcome.ok) return { type: 'semopFinished', outcome: 'done', error: null };
  const error = toEnvelope(outcome.error);
  const cancelled = error.code === 'ECANCELED';
  return { type: 'semopFinished', outcome: cancelled ? 'cancelled' : 'failed', error };
}

/** Interrupts the semop this process waits in; its 'semopFinished' says 'cancelled'. */
export function cancelSemop(): null {
  if (waiting === null || !waiting.cancel()) {
    throw new LabError('E_NOT_WAITING', 'this process is not waiting in a semop');
  }
  return null;
}

function counterAt(attachment: Attachment, offset: number): number {
  return attachment.read(offset, 4).readUInt32LE(0);
}

/** load: counter → register; add: register + 1; store: register → counter. */
export function step(attachment: Attachment, request: Request<'step'>): ChildReplies['step'] {
  const { offset } = request;
  switch (request.instruction) {
    case 'load':
      register = counterAt(attachment, offset);
      break;
    case 'add':
    case 'store': {
      if (register === null) {
        throw new LabError(
          'E_BAD_INPUT',
          `the register is empty: load the counter before ${request.instruction}`,
        );
      }
      if (request.instruction === 'add') register = (register + 1) >>> 0;
      else {
        const bytes = new Uint8Array(4);
        new DataView(bytes.buffer).setUint32(0, register, true);
        attachment.write(offset, bytes);
      }
      break;
    }
  }
  return { register, counter: counterAt(attachment, offset) };
}

/** Empties the register; the counter is read as it is now. */
export function resetSteps(attachment: Attachment, offset: number): ChildReplies['step'] {
  register = null;
  return { register, counter: counterAt(attachment, offset) };
}

/** Starts the increment loop on its own thread; its end is sent as 'incrementsFinished'. */
export function startIncrements(
  attachment: Attachment,
  request: Request<'startIncrements'>,
  send: Send,
): null {
  if (run !== null) {
    throw new LabError('E_BUSY', 'this process is already running increments; cancel them first');
  }
  const options = { offset: request.offset, times: request.times, mode: request.mode } as {
    offset: number;
    times: number;
    mode: typeof request.mode;
    semid?: number;
    semnum?: number;
  };
  if (request.semid !== null) options.semid = request.semid;
  if (request.semnum !== null) options.semnum = request.semnum;
  const started = attachment.startIncrements(options);
  run = started;
  lastDone = 0;
  started.finished.then(
    (result) => {
      run = null;
      lastDone = result.done;
      send({ type: 'incrementsFinished', ...result, error: null });
    },
    (error: unknown) => {
      run = null;
      const done = (error as { done?: unknown }).done;
      lastDone = typeof done === 'number' ? done : started.progress();
      send({
        type: 'incrementsFinished',
        done: lastDone,
        elapsedNs: null,
        cancelled: false,
        error: toEnvelope(error),
      });
    },
  );
  return null;
}

export function incrementProgress(): ChildReplies['incrementProgress'] {
  return { done: run?.progress() ?? lastDone };
}

export function cancelIncrements(): ChildReplies['cancelIncrements'] {
  return { cancelled: run?.cancel() ?? false };
}
