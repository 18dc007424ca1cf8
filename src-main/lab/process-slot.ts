// One of the Lab's two children, as main sees it: requests with replies,
// the child's state, and its lifecycle (spawn, exit, respawn).
import type { AttachmentInfo, ProcessName, ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import type { ChildHandle, ChildHost } from './child-host';
import type { ChangedRange, ChildReplies, ChildRequestBody } from './child-protocol';

/** How long a child may take to answer before the request fails. */
const REQUEST_TIMEOUT_MS = 10_000;
const READY_TIMEOUT_MS = 15_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface SlotListeners {
  onStatus(change: 'spawned' | 'exited', state: ProcessState): void;
  onChanged(shmid: number, changes: ChangedRange[]): void;
}

export class ProcessSlot {
  readonly name: ProcessName;
  private child: ChildHandle | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private state: ProcessState;

  constructor(
    name: ProcessName,
    private readonly host: ChildHost,
    private readonly listeners: SlotListeners,
  ) {
    this.name = name;
    this.state = {
      name,
      pid: null,
      status: 'exited',
      exitCode: null,
      signal: null,
      attachment: null,
    };
  }

  get snapshot(): ProcessState {
    return structuredClone(this.state);
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
      child.onMessage((message) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(timer);
            this.state = { ...this.state, pid: message.pid, status: 'running' };
            this.listeners.onStatus('spawned', this.snapshot);
            resolve(this.snapshot);
            break;
          case 'reply':
            this.settle(message.id, message.result);
            break;
          case 'changed':
            this.listeners.onChanged(message.shmid, message.changes);
            break;
          case 'fatal':
            // The exit that follows reports it; keep the child's own words.
            process.emitWarning(`process ${this.name} failed: ${message.error.message}`);
            break;
        }
      });
      child.onExit((code, signal) => {
        clearTimeout(timer);
        if (this.child !== child) return;
        this.child = null;
        this.state = { ...this.state, status: 'exited', exitCode: code, signal, attachment: null };
        const reason = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
        for (const [id, pending] of this.pending) {
          clearTimeout(pending.timer);
          pending.reject(new LabError('E_CHILD_EXITED', `process ${this.name} ${reason}`));
          this.pending.delete(id);
        }
        reject(
          new LabError('E_CHILD_EXITED', `process ${this.name} ${reason} before it was ready`),
        );
        this.listeners.onStatus('exited', this.snapshot);
      });
    });
  }

  /** Sends one request to the child and waits for its reply. */
  request<B extends ChildRequestBody>(body: B): Promise<ChildReplies[B['op']]> {
    const child = this.child;
    if (child === null || this.state.status !== 'running') {
      const why = this.state.status === 'starting' ? 'is still starting' : 'is not running';
      return Promise.reject(
        new LabError('E_CHILD_NOT_RUNNING', `process ${this.name} ${why}; respawn it first`),
      );
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LabError('E_TIMEOUT', `process ${this.name} did not answer ${body.op} in time`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      child.send({ ...body, id });
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

  private settle(
    id: number,
    result:
      | { ok: true; value: unknown }
      | { ok: false; error: { code: string; message: string; syscall?: string } },
  ): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (result.ok) pending.resolve(result.value);
    else pending.reject(LabError.fromEnvelope(result.error));
  }
}
