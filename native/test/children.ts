// Child processes for the native tests. Every child forked here is killed (and waited for) after
// each test, before the segments are cleaned up, so no process and no attachment is orphaned.
import type { ChildProcess, ForkOptions } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ShmidDs } from '../index.js';
import { addTeardownStep } from './helpers';
import type { Stage } from './stage';
import { ADDON_FILES, stageForOtherUsers } from './stage';

const fixtures = join(import.meta.dirname, 'fixtures');
const forked = new Set<ForkedFixture>();
/** World-readable copies of fixtures, by name, for children under another uid (see stage.ts). */
const stages = new Map<string, Stage>();

afterAll(() => {
  // The teardown step has killed and reaped every child by now, so nothing still runs from here.
  for (const stage of stages.values()) stage.remove();
  stages.clear();
});

/** True when `options` runs the child under a uid or gid other than this process's. */
function runsAsSomeoneElse(options: ForkOptions): boolean {
  return (
    (options.uid !== undefined && options.uid !== process.getuid?.()) ||
    (options.gid !== undefined && options.gid !== process.getgid?.())
  );
}

/** The fixture's path, copied with the addon where another uid can read it if need be. */
function fixturePath(name: string, options: ForkOptions): { path: string; cwd?: string } {
  if (!runsAsSomeoneElse(options)) return { path: join(fixtures, name) };
  let stage = stages.get(name);
  if (!stage) {
    stage = stageForOtherUsers([
      ...ADDON_FILES,
      'test/fixtures/serve.cjs',
      `test/fixtures/${name}`,
    ]);
    stages.set(name, stage);
  }
  return { path: join(stage.root, 'test', 'fixtures', name), cwd: stage.root };
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ForkedFixture {
  readonly child: ChildProcess;
  /** Everything the child wrote to stderr so far, for failure messages. */
  stderr(): string;
  /** Resolves with the exit code and signal (at once if the child already exited). */
  exit(): Promise<ExitStatus>;
}

addTeardownStep(async () => {
  for (const fixture of forked) {
    const { child } = fixture;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fixture.exit();
  }
  forked.clear();
});

/**
 * Forks `fixtures/<name>` with a clean execArgv (vitest's own flags are not for the child). A
 * child under another uid or gid runs a world-readable copy (stage.ts), so it works wherever the
 * checkout is.
 */
export function forkFixture(
  name: string,
  args: string[] = [],
  options: ForkOptions = {},
): ForkedFixture {
  const { path, cwd } = fixturePath(name, options);
  const child = fork(path, args, {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    ...(cwd === undefined ? {} : { cwd }),
    ...options,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      stderr += `\n[child_process error] ${error.message}`;
      // A child that never started emits no 'exit'.
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  const fixture: ForkedFixture = { child, stderr: () => stderr, exit: () => exited };
  forked.add(fixture);
  return fixture;
}

/** Waits for the next message from `child` that `accept` recognises. */
export function nextMessage<T>(
  fixture: ForkedFixture,
  accept: (message: unknown) => message is T,
): Promise<T> {
  const { child } = fixture;
  return new Promise<T>((resolve, reject) => {
    if (!child.connected) {
      reject(new Error(`child is gone (or never started); stderr: ${fixture.stderr()}`));
      return;
    }
    const onMessage = (message: unknown) => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`child exited (${code ?? signal}) first; stderr: ${fixture.stderr()}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** What a child reports for a failed request. */
export interface ChildError {
  readonly code?: string;
  readonly name: string;
  readonly message: string;
  /** For a failed syscall, its name; for a failed increment run, the increments it did. */
  readonly syscall?: string;
  readonly done?: number;
}

export type ChildResult<T> = { ok: true; value: T } | { ok: false; error: ChildError };

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: ChildError;
}

function isReply(message: unknown): message is Reply {
  return typeof message === 'object' && message !== null && 'id' in message && 'ok' in message;
}

/** What a child's watcher reported so far. */
export interface ChildWatch {
  readonly changes: { offset: number; bytes: Buffer }[];
  readonly pages: Set<number>;
}

interface WatchReport {
  watched: number;
  changes: { offset: number; hex: string }[];
  pages: number[];
}

function isWatchReport(message: unknown): message is WatchReport {
  return typeof message === 'object' && message !== null && 'watched' in message;
}

export interface ChildAttachment {
  readonly ref: number;
  readonly address: bigint;
  readonly size: number;
}

/**
 * A forked process running fixtures/attach-child.cjs (or, through SemChild, sem-child.cjs): its
 * own addon, its own mappings.
 */
export class AttachChild {
  #nextId = 1;

  private constructor(
    readonly fixture: ForkedFixture,
    readonly pid: number,
    /** The credentials the child runs with, as it reports them. */
    readonly uid: number,
    readonly gid: number,
  ) {}

  /** Forks the child (optionally under another uid/gid) and waits until it has loaded the addon. */
  static async start(
    options: ForkOptions = {},
    fixtureName = 'attach-child.cjs',
  ): Promise<AttachChild> {
    const fixture = forkFixture(fixtureName, [], options);
    const ready = await nextMessage(
      fixture,
      (message): message is { ready: number; uid: number; gid: number } =>
        typeof message === 'object' && message !== null && 'ready' in message,
    );
    return new AttachChild(fixture, ready.ready, ready.uid, ready.gid);
  }

  /** Sends one request and resolves with the child's result, failures included. */
  async request<T>(op: string, args: Record<string, unknown>): Promise<ChildResult<T>> {
    const id = this.#nextId++;
    const reply = nextMessage(this.fixture, (m): m is Reply => isReply(m) && m.id === id);
    this.fixture.child.send({ id, op, ...args });
    const { ok, value, error } = await reply;
    return ok ? { ok: true, value: value as T } : { ok: false, error: error as ChildError };
  }

  /** Like request(), but a failure in the child rejects. */
  async call<T>(op: string, args: Record<string, unknown>): Promise<T> {
    const result = await this.request<T>(op, args);
    if (!result.ok) {
      throw new Error(`child ${op} failed: ${result.error.code} ${result.error.message}`);
    }
    return result.value;
  }

  async attach(
    shmid: number,
    options: { readOnly?: boolean; avoid?: bigint } = {},
  ): Promise<ChildResult<ChildAttachment>> {
    const result = await this.request<{ ref: number; address: string; size: number }>('attach', {
      shmid,
      readOnly: options.readOnly,
      avoid: options.avoid === undefined ? undefined : `0x${options.avoid.toString(16)}`,
    });
    if (!result.ok) return result;
    const { ref, address, size } = result.value;
    return { ok: true, value: { ref, address: BigInt(address), size } };
  }

  async read(ref: number, offset: number, length: number): Promise<Buffer> {
    return Buffer.from(await this.call<string>('read', { ref, offset, length }), 'hex');
  }

  async write(ref: number, offset: number, bytes: Uint8Array): Promise<void> {
    await this.call('write', { ref, offset, hex: Buffer.from(bytes).toString('hex') });
  }

  /**
   * Makes the child watch attachment `ref`; what its watcher reports is collected in the returned
   * record (window changes with their bytes, and page numbers), as the child read them.
   */
  async watch(ref: number): Promise<ChildWatch> {
    const watch: ChildWatch = { changes: [], pages: new Set() };
    this.fixture.child.on('message', (message: unknown) => {
      if (!isWatchReport(message) || message.watched !== ref) return;
      for (const { offset, hex } of message.changes) {
        watch.changes.push({ offset, bytes: Buffer.from(hex, 'hex') });
      }
      for (const page of message.pages) watch.pages.add(page);
    });
    await this.call('watch', { ref });
    return watch;
  }

  /** Stops the child's watcher of `ref`: once this resolves, no look of it is under way. */
  async unwatch(ref: number): Promise<void> {
    await this.call('unwatch', { ref });
  }

  /** Attachment.view() in the child: sets its watcher's window, returns the bytes it read. */
  async view(ref: number, offset: number, length: number): Promise<Buffer> {
    return Buffer.from(await this.call<string>('view', { ref, offset, length }), 'hex');
  }

  async poke(ref: number, offset: number, length: number): Promise<void> {
    await this.call('poke', { ref, offset, length });
  }

  stat(shmid: number): Promise<ChildResult<ShmidDs>> {
    return this.request<ShmidDs>('stat', { shmid });
  }

  /** Closes the IPC channel; the child exits on its own and the kernel detaches its mappings. */
  async close(): Promise<ExitStatus> {
    if (this.fixture.child.connected) this.fixture.child.disconnect();
    return this.fixture.exit();
  }
}

/** A forked process running fixtures/sem-child.cjs: its own semops, its own pid in the kernel. */
export const SemChild = {
  start(options: ForkOptions = {}): Promise<AttachChild> {
    return AttachChild.start(options, 'sem-child.cjs');
  },
};
