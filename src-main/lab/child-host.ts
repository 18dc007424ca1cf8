// How the Lab starts its two children. Electron uses utilityProcess.fork
// (src-main/electron/utility-child-host.ts); web mode and the tests use
// Node's child_process.fork (node-child-host.ts). Both start the same code,
// send it messages over their IPC channel and read its messages from its
// standard output (child-lines.ts).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessName } from '../common/api';
import type { ChildNotice, ChildRequest } from './child-protocol';
import { findProjectRoot } from './native';

export interface ChildHandle {
  /** The OS pid, known once the process started. */
  readonly pid: number | undefined;
  /** A request (answered by its id) or a notice (never answered). */
  send(message: ChildRequest | ChildNotice): void;
  /**
   * The child's messages, raw: the slot checks each against the protocol before use. They come
   * as lines on the child's standard output (child-lines.ts); a line that is no message goes to
   * `onUnreadable`, saying what it was.
   */
  onMessage(listener: (message: unknown) => void, onUnreadable: (problem: string) => void): void;
  /** Called once, with the exit code or the name of the signal that ended it. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
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
