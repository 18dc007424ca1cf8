// One of the Lab's two children, as main sees it: requests with replies,
// the child's state, and its lifecycle (spawn, exit, respawn). After a
// request times out, the slot asks the child what it really has attached,
// so the Lab's record never stays stale.
import type { AttachmentInfo, ProcessName, ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import { describeIssues } from '../common/schemas';
import type { ChildHandle, ChildHost } from './child-host';
import type { ChangedRange, ChildReplies, ChildRequestBody, SyncMessage } from './child-protocol';
import { parseChildMessage } from './child-protocol';
import { ChildNotices } from './child-notices';
import type { RequestLimits } from './pending-requests';
import { CHILD_REQUEST_LIMITS, PendingRequests, replyBytesOf, replyIdOf } from './pending-requests';

/** How long a child may take to answer before the request fails, by default. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/**
 * How long a write's answer waits for the other processes to say they looked (see poke). A
 * child that is running answers within a millisecond; one that is stopped or busy must not hold
 * the writer's answer for longer than a frame.
 */
export const LOOK_WAIT_MS = 8;
const READY_TIMEOUT_MS = 15_000;

export interface SlotListeners {
  /** 'reconciled': the record was replaced with what the child and its maps said. */
  onStatus(change: 'spawned' | 'exited' | 'reconciled', state: ProcessState): void;
  /** The child's watcher saw `changes` in its window and `pages` changed elsewhere. */
  onChanged(shmid: number, changes: ChangedRange[], pages: number[]): void;
  /** A message from the child that did not fit the protocol (it was ignored). */
  onMalformed(description: string): void;
  /** A semop or an increment loop of the child ended (synchronisation lab). */
  onSync(message: SyncMessage): void;
}

export interface SlotOptions {
  /** How long a request may wait for its reply (ms). */
  requestTimeoutMs?: number | undefined;
  /** How long poke() waits for the child to say it looked (ms). */
  lookWaitMs?: number | undefined;
  /** The most the child is asked at a time (CHILD_REQUEST_LIMITS by default). */
  limits?: RequestLimits | undefined;
}

export class ProcessSlot {
  readonly name: ProcessName;
  private child: ChildHandle | null = null;
  private pending: PendingRequests;
  private state: ProcessState;
  private readonly timeoutMs: number;
  private readonly limits: RequestLimits;
  private reconciling = false;
  private readonly notices: ChildNotices;
  private reconcileAgain = false;

  constructor(
    name: ProcessName,
    private readonly host: ChildHost,
    private readonly listeners: SlotListeners,
    options: SlotOptions = {},
  ) {
    this.name = name;
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.notices = new ChildNotices(options.lookWaitMs ?? LOOK_WAIT_MS);
    this.limits = options.limits ?? CHILD_REQUEST_LIMITS;
    this.pending = new PendingRequests(`process ${name}`, this.limits);
    this.state = {
      name,
      pid: null,
      status: 'exited',
      exitCode: null,
      signal: null,
      attachment: null,
    };
  }

  /** A copy of the state, safe to hand out (events, replies). */
  get snapshot(): ProcessState {
    return structuredClone(this.state);
  }

  /**
   * The state itself, for reading in main without a copy (every write and every watcher report
   * looks at it). Never mutated in place: each change replaces the whole object.
   */
  get current(): Readonly<ProcessState> {
    return this.state;
  }

  get running(): boolean {
    return this.state.status === 'running';
  }

  /** Starts the child and resolves once it said it is ready. */
  spawn(): Promise<ProcessState> {
    if (this.state.status !== 'exited') {
      return Promise.reject(new LabError('E_BAD_INPUT', `process ${this.name} is still running`));
    }
    let child: ChildHandle;
    try {
      child = this.host.spawn(this.name);
    } catch (error) {
      // fork() throws for some failures (others come as the exit, see ChildHandle.onExit).
      const why = error instanceof Error ? error.message : String(error);
      return Promise.reject(
        new LabError('E_CHILD_EXITED', `process ${this.name} could not be started: ${why}`),
      );
    }
    this.child = child;
    this.pending = new PendingRequests(`process ${this.name}`, this.limits);
    this.notices.lookedAll();
    this.state = {
      ...this.state,
      pid: child.pid ?? null,
      status: 'starting',
      exitCode: null,
      signal: null,
      attachment: null,
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(
          new LabError(
            'E_TIMEOUT',
            `process ${this.name} did not start within ${READY_TIMEOUT_MS} ms`,
          ),
        );
      }, READY_TIMEOUT_MS);
      const unreadable = (problem: string): void =>
        this.listeners.onMalformed(`process ${this.name} sent ${problem} (ignored)`);
      const ready = (): void => {
        clearTimeout(timer);
        resolve(this.snapshot);
      };
      child.onMessage((raw) => {
        if (this.child === child) this.receive(raw, ready);
        // Lines an exited child left in its pipe answer nothing of its successor's; only its
        // last words, sent just before it exits, are still said.
        else if ((raw as { type?: unknown } | null)?.type === 'fatal') {
          this.receive(raw, () => undefined);
        }
      }, unreadable);
      child.onExit((code, signal, problem) => {
        clearTimeout(timer);
        if (this.child !== child) return;
        this.child = null;
        this.notices.lookedAll();
        this.state = { ...this.state, status: 'exited', exitCode: code, signal, attachment: null };
        const reason =
          problem !== undefined
            ? `could not be started (${problem})`
            : signal !== null
              ? `was killed by ${signal}`
              : `exited with code ${code}`;
        this.pending.failAll(
          () => new LabError('E_CHILD_EXITED', `process ${this.name} ${reason}`),
        );
        reject(
          new LabError('E_CHILD_EXITED', `process ${this.name} ${reason} before it was ready`),
        );
        this.listeners.onStatus('exited', this.snapshot);
      });
    });
  }

  /** One message from the current child, checked against the protocol. */
  private receive(raw: unknown, ready: () => void): void {
    const parsed = parseChildMessage(raw);
    if (!parsed.success) {
      const problem = describeIssues(parsed.error);
      this.listeners.onMalformed(
        `process ${this.name} sent a malformed message (ignored): ${problem}`,
      );
      // A reply whose id is readable still answers its request: it must not wait for its
      // timeout, nor hold its place in the child's budget forever.
      const id = replyIdOf(raw);
      if (id !== null) {
        const why = `process ${this.name} sent a malformed reply: ${problem}`;
        this.pending.fail(id, new LabError('E_INTERNAL', why));
      }
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.state = { ...this.state, pid: message.pid, status: 'running' };
        this.listeners.onStatus('spawned', this.snapshot);
        ready();
        break;
      case 'reply': {
        const fate = this.pending.settle(message.id, message.result);
        // A late answer may have changed what the child has attached.
        if (fate.kind === 'late' && fate.op !== 'status') void this.reconcile();
        break;
      }
      case 'changed':
        this.listeners.onChanged(message.shmid, message.changes, message.pages);
        break;
      case 'looked':
        this.notices.looked(message.seq);
        break;
      case 'fatal':
        // The exit that follows reports it; keep the child's own words.
        process.emitWarning(`process ${this.name} failed: ${message.error.message}`);
        break;
      case 'refused':
        this.listeners.onMalformed(
          `process ${this.name} refused a request: ${message.error.message}`,
        );
        break;
      case 'semopFinished':
      case 'incrementsFinished':
        this.listeners.onSync(message);
        break;
    }
  }

  /** Sends one request to the child and waits for its reply (checked against the protocol). */
  request<B extends ChildRequestBody>(body: B): Promise<ChildReplies[B['op']]> {
    return this.send(body, body.op === 'status' ? () => undefined : () => void this.reconcile());
  }

  /** Tells the child a write elsewhere is on its way (see ChildNotices.expect); not answered. */
  expect(withinUs: number): void {
    if (this.child !== null && this.state.status === 'running')
      this.notices.expect(this.child, withinUs);
  }

  /**
   * Asks the child's watcher to look at [offset, offset + length) now (see ChildNotices.poke):
   * resolves once it said it looked (its report of what changed came before that), and never
   * rejects. Not running: resolves at once.
   */
  poke(offset: number, length: number): Promise<void> {
    if (this.child === null || this.state.status !== 'running') return Promise.resolve();
    return this.notices.poke(this.child, offset, length);
  }

  setAttachment(attachment: AttachmentInfo | null): ProcessState {
    this.state = { ...this.state, attachment };
    return this.snapshot;
  }

  /** Resolves once the child is not running (at once if it is not). */
  whenExited(): Promise<void> {
    if (this.child === null) return Promise.resolve();
    const child = this.child;
    return new Promise((resolve) => child.onExit(() => resolve()));
  }

  /** Sends a signal to the child (SIGTERM by default). */
  kill(signal?: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  private send<B extends ChildRequestBody>(
    body: B,
    onTimeout: () => void,
  ): Promise<ChildReplies[B['op']]> {
    const child = this.child;
    if (child === null || this.state.status !== 'running') {
      const why = this.state.status === 'starting' ? 'is still starting' : 'is not running';
      return Promise.reject(
        new LabError('E_CHILD_NOT_RUNNING', `process ${this.name} ${why}; respawn it first`),
      );
    }
    // Bounded: beyond the child's budget the answer is E_BUSY, at once (pending-requests.ts).
    const pending = this.pending;
    const replyBytes = replyBytesOf(body);
    const refused = pending.refusal(body.op, replyBytes);
    if (refused !== null) return Promise.reject(refused);
    const { id, reply } = pending.open(body.op, this.timeoutMs, onTimeout, replyBytes);
    // A child that died with this on its way: the request fails now, with the host's coded
    // error, and never throws here (the exit, reported next, fails the rest).
    child.send({ ...body, id }, (error) => pending.fail(id, error));
    return reply as Promise<ChildReplies[B['op']]>;
  }

  /**
   * Asks the child what it has attached (cross-checked with its own
   * /proc/self/maps) until it answers or exits, and replaces the record
   * with that answer. A stopped child answers once it is continued.
   */
  private async reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    try {
      do {
        this.reconcileAgain = false;
        const child = this.child;
        for (;;) {
          // An exit clears the record itself (and reports 'exited').
          if (child === null || this.child !== child) return;
          try {
            const status = await this.send({ op: 'status' }, () => undefined);
            const attachment = status.mapped ? status.attachment : null;
            this.state = { ...this.state, attachment };
            this.listeners.onStatus('reconciled', this.snapshot);
            break;
          } catch (error) {
            if ((error as { code?: unknown }).code !== 'E_TIMEOUT') return;
          }
        }
      } while (this.reconcileAgain);
    } finally {
      this.reconciling = false;
    }
  }
}
