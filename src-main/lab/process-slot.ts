// One of the Lab's two children, as main sees it: requests with replies,
// the child's state, and its lifecycle (spawn, exit, respawn). After a
// request times out, the slot asks the child what it really has attached,
// so the Lab's record never stays stale.
import type { AttachmentInfo, ProcessName, ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import { describeIssues } from '../common/schemas';
import type { ChildHandle, ChildHost } from './child-host';
import type {
  ChangedRange,
  ChildNotice,
  ChildReplies,
  ChildRequestBody,
  SyncMessage,
} from './child-protocol';
import { parseChildMessage } from './child-protocol';
import { PendingRequests } from './pending-requests';

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
}

export class ProcessSlot {
  readonly name: ProcessName;
  private child: ChildHandle | null = null;
  private pending: PendingRequests;
  private state: ProcessState;
  private readonly timeoutMs: number;
  private readonly lookWaitMs: number;
  private reconciling = false;
  private nextPoke = 1;
  /** Pokes not yet answered with 'looked': seq → resolve. */
  private readonly looking = new Map<number, () => void>();
  private reconcileAgain = false;

  constructor(
    name: ProcessName,
    private readonly host: ChildHost,
    private readonly listeners: SlotListeners,
    options: SlotOptions = {},
  ) {
    this.name = name;
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.lookWaitMs = options.lookWaitMs ?? LOOK_WAIT_MS;
    this.pending = new PendingRequests(`process ${name}`);
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
    const child = this.host.spawn(this.name);
    this.child = child;
    this.pending = new PendingRequests(`process ${this.name}`);
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
      child.onMessage((raw) => {
        const parsed = parseChildMessage(raw);
        if (!parsed.success) {
          this.listeners.onMalformed(
            `process ${this.name} sent a malformed message (ignored): ${describeIssues(parsed.error)}`,
          );
          return;
        }
        const message = parsed.data;
        switch (message.type) {
          case 'ready':
            clearTimeout(timer);
            this.state = { ...this.state, pid: message.pid, status: 'running' };
            this.listeners.onStatus('spawned', this.snapshot);
            resolve(this.snapshot);
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
            this.looking.get(message.seq)?.();
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
      }, unreadable);
      child.onExit((code, signal) => {
        clearTimeout(timer);
        if (this.child !== child) return;
        this.child = null;
        this.state = { ...this.state, status: 'exited', exitCode: code, signal, attachment: null };
        const reason = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
        this.pending.failAll(
          () => new LabError('E_CHILD_EXITED', `process ${this.name} ${reason}`),
        );
        for (const done of [...this.looking.values()]) done();
        reject(
          new LabError('E_CHILD_EXITED', `process ${this.name} ${reason} before it was ready`),
        );
        this.listeners.onStatus('exited', this.snapshot);
      });
    });
  }

  /** Sends one request to the child and waits for its reply (checked against the protocol). */
  request<B extends ChildRequestBody>(body: B): Promise<ChildReplies[B['op']]> {
    return this.send(body, body.op === 'status' ? () => undefined : () => void this.reconcile());
  }

  /** Tells the child a write elsewhere is on its way (see Attachment.expect); not answered. */
  expect(withinUs: number): void {
    if (this.child === null || this.state.status !== 'running') return;
    const notice: ChildNotice = { op: 'expect', withinUs };
    this.child.send(notice);
  }

  /**
   * Asks the child's watcher to look at [offset, offset + length) now. Resolves once the child
   * said it looked (its report of what changed came before that), when it exits, or after
   * lookWaitMs (LOOK_WAIT_MS by default), whichever is first; never rejects. Not running: resolves at once.
   */
  poke(offset: number, length: number): Promise<void> {
    const child = this.child;
    if (child === null || this.state.status !== 'running') return Promise.resolve();
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
      child.send(notice);
    });
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
    const { id, reply } = this.pending.open(body.op, this.timeoutMs, onTimeout);
    child.send({ ...body, id });
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
