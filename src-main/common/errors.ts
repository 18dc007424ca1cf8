// Errors cross every boundary (child → main → renderer) as plain envelopes,
// because structured clone and JSON keep only an Error's message.

/** Codes of our own; everything else is an errno name such as 'EEXIST'. */
export type LabErrorCode =
  | 'E_BAD_INPUT'
  | 'E_DETACHED'
  | 'E_NOT_ATTACHED'
  | 'E_ALREADY_ATTACHED'
  | 'E_READ_ONLY'
  | 'E_CHILD_EXITED'
  | 'E_CHILD_NOT_RUNNING'
  | 'E_TIMEOUT'
  | 'E_BUSY'
  | 'E_FOREIGN'
  | 'E_NO_SUCH_SEGMENT'
  | 'E_UNKNOWN_COMMAND'
  | 'E_NO_COMPILER'
  | 'E_RUN_DISABLED'
  | 'E_NO_SUCH_PROGRAM'
  | 'E_NO_SUCH_RUN'
  | 'E_UNAVAILABLE'
  | 'E_INTERNAL';

/** The wire form of an error. `code` is an errno name or a LabErrorCode. */
export interface ErrorEnvelope {
  code: string;
  message: string;
  syscall?: string;
}

/** The wire form of a command's outcome. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope };

/** An Error rebuilt from an envelope, or thrown by the Lab with a stable code. */
export class LabError extends Error {
  readonly code: string;
  readonly syscall: string | undefined;

  constructor(code: string, message: string, syscall?: string) {
    super(message);
    this.name = 'LabError';
    this.code = code;
    this.syscall = syscall;
  }

  /** Rebuilds the error on the receiving side of a boundary. */
  static fromEnvelope(envelope: ErrorEnvelope): LabError {
    return new LabError(envelope.code, envelope.message, envelope.syscall);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns anything thrown into an envelope. Errors with a string `code` (our
 * addon's syscall errors, LabError) keep it; anything else is E_INTERNAL.
 */
export function toEnvelope(error: unknown): ErrorEnvelope {
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    const envelope: ErrorEnvelope = { code: error.code, message: error.message };
    if (typeof error.syscall === 'string') envelope.syscall = error.syscall;
    return envelope;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'E_INTERNAL', message };
}

/** Runs `work` and wraps its outcome as a Result, never throwing. */
export async function settle<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toEnvelope(error) };
  }
}

/** Returns the value of a Result or throws it as a LabError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw LabError.fromEnvelope(result.error);
}
