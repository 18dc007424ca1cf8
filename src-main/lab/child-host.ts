// How the Lab starts its two children. Electron uses utilityProcess.fork
// (src-main/electron/utility-child-host.ts); web mode and the tests use
// Node's child_process.fork (node-child-host.ts). Both start the same code,
// send it messages over their IPC channel and read its messages from its
// standard output (child-lines.ts). Neither ever throws or emits an unhandled 'error' for a
// child that died: a message that cannot be delivered is said to be undelivered, with a coded
// error, and the exit that follows is reported once.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessName } from '../common/api';
import { LabError } from '../common/errors';
import type { ChildNotice, ChildRequest } from './child-protocol';
import { findProjectRoot } from './native';

export interface ChildHandle {
  /** The OS pid, known once the process started. */
  readonly pid: number | undefined;
  /**
   * A request (answered by its id) or a notice (never answered). Never throws: when the message
   * cannot be handed to the process (it has exited or is exiting, so its channel is closed or
   * broken: EPIPE, ECONNRESET), `undelivered` is called once, later, with a coded error (an
   * E_CHILD_EXITED naming the process, or E_INTERNAL for anything else).
   */
  send(message: ChildRequest | ChildNotice, undelivered: (error: LabError) => void): void;
  /**
   * The child's messages, raw: the slot checks each against the protocol before use. They come
   * as lines on the child's standard output (child-lines.ts); a line that is no message goes to
   * `onUnreadable`, saying what it was.
   */
  onMessage(listener: (message: unknown) => void, onUnreadable: (problem: string) => void): void;
  /**
   * Called once, with the exit code or the name of the signal that ended it; a process that
   * could not be started at all reports (null, null) and `problem` says why (spawn EMFILE…).
   */
  onExit(listener: (code: number | null, signal: string | null, problem?: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
}

export interface ChildHost {
  spawn(name: ProcessName): ChildHandle;
}

/** The script a child runs, and the Node flags it needs. */
export interface ChildEntry {
  modulePath: string;
  execArgv: string[];
}

/**
 * The child script: `child.js` in `builtDir` (the entry's own folder,
 * out/main, when running from a build), otherwise the TypeScript source
 * through tsx (tests and scripts run from source).
 */
export function resolveChildEntry(builtDir?: string): ChildEntry {
  if (builtDir !== undefined) {
    const built = join(builtDir, 'child.js');
    if (existsSync(built)) return { modulePath: built, execArgv: [] };
  }
  return {
    modulePath: join(findProjectRoot(), 'src-main', 'lab', 'child-main.ts'),
    execArgv: ['--import', 'tsx'],
  };
}

/** Errors that say a child's channel is gone: the process has exited or is exiting. */
const CHANNEL_GONE = new Set([
  'EPIPE',
  'ECONNRESET',
  'EBADF',
  'ERR_IPC_CHANNEL_CLOSED',
  'ERR_IPC_DISCONNECTED',
]);

/**
 * The coded error for a message to process `name` that could not be delivered: E_CHILD_EXITED
 * when its channel is gone (the usual case: it died with messages on their way), E_INTERNAL for
 * anything else (a message its channel could not carry).
 */
export function undeliveredError(name: ProcessName, op: string, cause: unknown): LabError {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (typeof code === 'string' && CHANNEL_GONE.has(code)) {
    return new LabError(
      'E_CHILD_EXITED',
      `process ${name} could not be sent ${op} (${code}): its channel is closed, so it has exited or is exiting`,
    );
  }
  return new LabError('E_INTERNAL', `process ${name} could not be sent ${op}: ${message}`);
}

type ExitListener = Parameters<ChildHandle['onExit']>[0];

/**
 * A child's end, told once to every listener, including one added after it (told on the next
 * microtask): `end` is called by whichever of the host's events comes first.
 */
export function exitReport(): {
  end(code: number | null, signal: string | null, problem?: string): void;
  onExit: ChildHandle['onExit'];
} {
  const listeners: ExitListener[] = [];
  let ended: Parameters<ExitListener> | null = null;
  return {
    end: (...outcome) => {
      if (ended !== null) return;
      ended = outcome;
      for (const listener of listeners.splice(0)) listener(...outcome);
    },
    onExit: (listener) => {
      const outcome = ended;
      if (outcome === null) listeners.push(listener);
      else queueMicrotask(() => listener(...outcome));
    },
  };
}
