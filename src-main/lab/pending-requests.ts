// The requests a child has not answered yet, each with its timeout, and the
// ids of those that timed out (so a late answer is recognised as such).
import { LabError } from '../common/errors';
import type { ChildOp } from './child-protocol';
import { childReplySchemas } from './child-protocol';
import { describeIssues } from '../common/schemas';

interface Pending {
  op: ChildOp;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** What became of a reply: it settled a waiting request, came late, or matched nothing. */
export type ReplyFate = { kind: 'settled' } | { kind: 'late'; op: ChildOp } | { kind: 'unknown' };

type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; syscall?: string | undefined } };

/** Most timed-out ids remembered; older late answers count as unknown. */
const EXPIRED_LIMIT = 256;

export class PendingRequests {
  private nextId = 1;
  private readonly waiting = new Map<number, Pending>();
  private readonly expired = new Map<number, ChildOp>();

  constructor(private readonly who: string) {}

  /**
   * Registers a request and returns its id and the promise of its reply.
   * `onTimeout` runs after the rejection when no reply came within `timeoutMs`.
   */
  open(
    op: ChildOp,
    timeoutMs: number,
    onTimeout: () => void,
  ): { id: number; reply: Promise<unknown> } {
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.expired.set(id, op);
        if (this.expired.size > EXPIRED_LIMIT) {
          this.expired.delete(this.expired.keys().next().value as number);
        }
        reject(
          new LabError(
            'E_TIMEOUT',
            `${this.who} did not answer ${op} within ${timeoutMs} ms; the Lab is asking it what it has attached and will update its state`,
          ),
        );
        onTimeout();
      }, timeoutMs);
      this.waiting.set(id, { op, resolve, reject, timer });
    });
    return { id, reply };
  }

  /** Settles the request `id` with the child's outcome, checking the value's shape. */
  settle(id: number, outcome: Outcome): ReplyFate {
    const pending = this.waiting.get(id);
    if (pending === undefined) {
      const op = this.expired.get(id);
      if (op === undefined) return { kind: 'unknown' };
      this.expired.delete(id);
      return { kind: 'late', op };
    }
    this.waiting.delete(id);
    clearTimeout(pending.timer);
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
   * Fails the request `id` with `error` (its message never reached the child); a request
   * already answered or timed out is left as it is.
   */
  fail(id: number, error: LabError): void {
    const pending = this.waiting.get(id);
    if (pending === undefined) return;
    this.waiting.delete(id);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /** Fails every waiting request (the child exited). */
  failAll(error: () => LabError): void {
    for (const pending of this.waiting.values()) {
      clearTimeout(pending.timer);
      pending.reject(error());
    }
    this.waiting.clear();
    this.expired.clear();
  }
}
