// The requests a child has not answered yet, each with its timeout, and the ids of those that
// timed out (so a late answer is recognised as such). It also bounds what one child is asked
// to do at a time: how many requests, and how many bytes of reads, are unanswered. A request
// that timed out still counts until its answer comes or the child exits: a stopped child keeps
// every request sent to it, so sending more would only grow its queue.
import { LabError } from '../common/errors';
import { MAX_READ_LENGTH, describeIssues } from '../common/schemas';
import type { ChildOp, ChildRequestBody } from './child-protocol';
import { childReplySchemas } from './child-protocol';

interface Pending {
  op: ChildOp;
  replyBytes: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** What became of a reply: it settled a waiting request, came late, or matched nothing. */
export type ReplyFate = { kind: 'settled' } | { kind: 'late'; op: ChildOp } | { kind: 'unknown' };

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; syscall?: string | undefined } };

/** The most one child is asked at a time (see PendingRequests.refusal). */
export interface RequestLimits {
  /** Requests sent and not answered, timed out or not. */
  requests: number;
  /** Bytes of memory asked for by read and view requests not answered, timed out or not. */
  replyBytes: number;
}

/**
 * Far more than the app ever has in flight (a command or two per pane); small enough that a
 * child that stopped answering holds only a short queue: 64 writes of the largest value (4096
 * characters of UTF-8, 12 KiB, about 48 KiB as a message) are about 3 MiB. Four reads of the largest size may be answered at once: each costs
 * the child about 5 MiB while it answers (the bytes, their base64, its line) and main about
 * 10 MiB (the numbers of the API's ReadResult).
 */
export const CHILD_REQUEST_LIMITS: RequestLimits = {
  requests: 64,
  replyBytes: 4 * MAX_READ_LENGTH,
};

/** The bytes of memory a request asks the child to send back (0 when its answer is small). */
export function replyBytesOf(body: ChildRequestBody): number {
  return body.op === 'read' || body.op === 'view' ? body.length : 0;
}

/**
 * The id of a message that looks like a reply, or null: for one that failed the protocol, whose
 * request must still be answered (PendingRequests.fail).
 */
export function replyIdOf(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { type, id } = raw as { type?: unknown; id?: unknown };
  return type === 'reply' && typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

export class PendingRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, Pending>();
  /** Timed out, answer still to come: id → op and the bytes it holds of the budget. */
  private readonly expired = new Map<number, { op: ChildOp; replyBytes: number }>();
  /** Reply bytes of every request in `waiting` and `expired`. */
  private replyBytes = 0;

  constructor(
    private readonly who: string,
    private readonly limits: RequestLimits = CHILD_REQUEST_LIMITS,
  ) {}

  /** Requests sent and not answered yet, timed out or not. */
  get unanswered(): number {
    return this.waiting.size + this.expired.size;
  }

  /**
   * Why a request for `op`, answering `replyBytes` bytes, may not be sent now (E_BUSY, naming
   * the limit), or null when it may.
   */
  refusal(op: ChildOp, replyBytes: number): LabError | null {
    if (this.unanswered >= this.limits.requests) {
      const late =
        this.expired.size === 0
          ? ''
          : ` (${this.expired.size} of them past their timeout: it may be stopped or stuck)`;
      return new LabError(
        'E_BUSY',
        `${this.who} has ${this.unanswered} requests unanswered${late}, the most one process may have; ${op} was not sent: wait for its answers and try again`,
      );
    }
    if (replyBytes > 0 && this.replyBytes + replyBytes > this.limits.replyBytes) {
      return new LabError(
        'E_BUSY',
        `${this.who} is already answering ${this.replyBytes} bytes of reads, and this ${op} of ${replyBytes} bytes would pass the ${this.limits.replyBytes} bytes one process may answer at a time; it was not sent: wait for those answers and try again`,
      );
    }
    return null;
  }

  /**
   * Registers a request and returns its id and the promise of its reply (check refusal first).
   * `onTimeout` runs after the rejection when no reply came within `timeoutMs`.
   */
  open(
    op: ChildOp,
    timeoutMs: number,
    onTimeout: () => void,
    replyBytes = 0,
  ): { id: number; reply: Promise<unknown> } {
    const id = this.nextId++;
    this.replyBytes += replyBytes;
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.expired.set(id, { op, replyBytes });
        reject(
          new LabError(
            'E_TIMEOUT',
            `${this.who} did not answer ${op} within ${timeoutMs} ms; the Lab is asking it what it has attached and will update its state`,
          ),
        );
        onTimeout();
      }, timeoutMs);
      this.waiting.set(id, { op, replyBytes, resolve, reject, timer });
    });
    return { id, reply };
  }

  /** Settles the request `id` with the child's outcome, checking the value's shape. */
  settle(id: number, outcome: Outcome): ReplyFate {
    const pending = this.waiting.get(id);
    if (pending === undefined) {
      const late = this.expired.get(id);
      if (late === undefined) return { kind: 'unknown' };
      this.expired.delete(id);
      this.replyBytes -= late.replyBytes;
      return { kind: 'late', op: late.op };
    }
    this.forget(id, pending);
    if (!outcome.ok) {
      pending.reject(LabError.fromEnvelope(outcome.error));
      return { kind: 'settled' };
    }
    const checked = childReplySchemas[pending.op].safeParse(outcome.value);
    if (checked.success) pending.resolve(checked.data);
    else {
      pending.reject(
        new LabError(
          'E_INTERNAL',
          `${this.who} answered ${pending.op} with a malformed reply: ${describeIssues(checked.error)}`,
        ),
      );
    }
    return { kind: 'settled' };
  }

  /**
   * Fails the request `id` with `error` (its message never reached the child, or its answer
   * could not be read); a request already answered or timed out is only forgotten.
   */
  fail(id: number, error: LabError): void {
    const pending = this.waiting.get(id);
    if (pending !== undefined) {
      this.forget(id, pending);
      pending.reject(error);
      return;
    }
    const late = this.expired.get(id);
    if (late === undefined) return;
    this.expired.delete(id);
    this.replyBytes -= late.replyBytes;
  }

  /** Fails every waiting request (the child exited). */
  failAll(error: () => LabError): void {
    for (const pending of this.waiting.values()) {
      clearTimeout(pending.timer);
      pending.reject(error());
    }
    this.waiting.clear();
    this.expired.clear();
    this.replyBytes = 0;
  }

  private forget(id: number, pending: Pending): void {
    this.waiting.delete(id);
    clearTimeout(pending.timer);
    this.replyBytes -= pending.replyBytes;
  }
}
