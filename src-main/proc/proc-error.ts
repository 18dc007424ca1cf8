// Errors for the /proc readers, in the `{ code, message, syscall? }` shape every boundary uses.
import { readFile } from 'node:fs/promises';

/** The errno names a /proc read fails with that callers are expected to handle. */
export type ProcFileErrorCode = 'ENOENT' | 'ESRCH' | 'EACCES' | 'EPERM';

const explanations: Record<ProcFileErrorCode, string> = {
  ENOENT: 'does not exist (the process has exited, or this kernel does not provide it)',
  ESRCH: 'belongs to a process that has exited (perhaps not yet reaped by its parent)',
  EACCES: 'cannot be read: permission denied (another user’s process needs CAP_SYS_PTRACE)',
  EPERM: 'cannot be read: operation not permitted (another user’s process needs CAP_SYS_PTRACE)',
};

/** A /proc file that could not be opened or read because of the process or the reader's rights. */
export class ProcFileError extends Error {
  override readonly name = 'ProcFileError';

  constructor(
    readonly code: ProcFileErrorCode,
    readonly path: string,
    readonly syscall: 'open' | 'read',
  ) {
    super(`${path} ${explanations[code]}`);
  }
}

/** A line of a /proc file that does not have the shape the kernel documents. */
export class ProcFormatError extends Error {
  override readonly name = 'ProcFormatError';
  readonly code = 'E_PROC_FORMAT';

  constructor(
    /** Which file the text came from, e.g. '/proc/sysvipc/shm'. */
    readonly source: string,
    /** 1-based line number in that text. */
    readonly lineNumber: number,
    readonly line: string,
    reason: string,
  ) {
    super(`${source} line ${lineNumber}: ${reason}: ${JSON.stringify(line)}`);
  }
}

function isHandled(code: unknown): code is ProcFileErrorCode {
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EACCES' || code === 'EPERM';
}

/** Turns a Node fs error into a ProcFileError when callers handle its code; others pass through. */
export function toProcFileError(error: unknown, path: string): unknown {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return isHandled(code)
    ? new ProcFileError(code, path, syscall === 'open' ? 'open' : 'read')
    : error;
}

/** Reads a whole /proc text file (their size reads as 0, so it reads to EOF). */
export async function readProcText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw toProcFileError(error, path);
  }
}

/** Checks a PID argument once, before it becomes part of a path. */
export function checkPid(pid: number): number {
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    throw new RangeError(`"pid" must be a positive integer; got ${String(pid)}`);
  }
  return pid;
}
