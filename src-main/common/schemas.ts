// One schema per command input. Every boundary (Electron IPC gate, web
// host, child protocol) validates with these, once, before the Lab sees it.
import { z } from 'zod';
import type { CommandName } from './channels';
import { VALUE_TYPES, validateValue } from './codec';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Largest segment the Lab creates; the kernel's own SHMMAX may be larger. */
export const MAX_LAB_SEGMENT = 1024 * 1024 * 1024;
/** Largest range one read returns. */
export const MAX_READ_LENGTH = 1024 * 1024;
/**
 * Largest window of a mapping the UI views at once (viewMemory): what the
 * watcher keeps a byte-exact copy of, so its memory follows the screen, not
 * the segment.
 */
export const MAX_VIEW_WINDOW = 64 * 1024;
/** Longest value text a write accepts. */
export const MAX_VALUE_TEXT = 4096;

const integer = (name: string, min: number, max: number, allowed: string) =>
  z
    .number({ error: `${name} must be a number: ${allowed}` })
    .int({ error: `${name} must be a whole number: ${allowed}` })
    .min(min, { error: `${name} is too small: ${allowed}` })
    .max(max, { error: `${name} is too large: ${allowed}` });

export const processName = z.enum(['A', 'B'], { error: 'process must be "A" or "B"' });
export const shmid = integer('shmid', 0, INT32_MAX, 'an id from 0 to 2147483647');
export const permissionMode = integer('mode', 0, 0o777, 'permission bits from 0o000 to 0o777');
export const endianness = z.enum(['le', 'be'], {
  error: 'endian must be "le" (little-endian) or "be" (big-endian)',
});
export const valueType = z.enum(VALUE_TYPES, {
  error: `type must be one of ${VALUE_TYPES.join(', ')}`,
});
export const hexAddress = z
  .string({ error: 'address must be a string' })
  .regex(/^0x[0-9a-fA-F]{1,16}$/, {
    error: 'address must be hexadecimal with a 0x prefix, at most 16 digits, e.g. 0x7f0000000000',
  });
const offset = integer('offset', 0, MAX_LAB_SEGMENT, `a byte offset from 0 to ${MAX_LAB_SEGMENT}`);

export const noInput = z.undefined({ error: 'this command takes no input' });

export const createSegmentInput = z.strictObject({
  key: integer('key', INT32_MIN, INT32_MAX, 'a 32-bit key, or 0 for IPC_PRIVATE'),
  size: integer('size', 1, MAX_LAB_SEGMENT, `from 1 to ${MAX_LAB_SEGMENT} bytes`),
  create: z.boolean({ error: 'create (IPC_CREAT) must be true or false' }).default(true),
  exclusive: z.boolean({ error: 'exclusive (IPC_EXCL) must be true or false' }).default(false),
  mode: permissionMode.default(0o600),
});

export const shmidInput = z.strictObject({ shmid });

/**
 * IPC_SET and IPC_RMID of a segment this Lab did not create are refused
 * (E_FOREIGN) unless the learner confirmed it in the UI, which names the
 * owner and the attached processes.
 */
const confirmForeign = z.boolean({ error: 'confirmForeign must be true or false' }).default(false);

export const setModeInput = z.strictObject({ shmid, mode: permissionMode, confirmForeign });

export const removeSegmentInput = z.strictObject({ shmid, confirmForeign });

export const processInput = z.strictObject({ process: processName });

export const attachInput = z.strictObject({
  process: processName,
  shmid,
  address: hexAddress.optional(),
  readOnly: z.boolean({ error: 'readOnly must be true or false' }).default(false),
  round: z.boolean({ error: 'round (SHM_RND) must be true or false' }).default(false),
  /**
   * A segment this Lab did not create is attached read-only (SHM_RDONLY)
   * unless the learner explicitly asked for write access; without this, a
   * read-write attach of a foreign segment is refused with E_FOREIGN.
   */
  writeForeign: z.boolean({ error: 'writeForeign must be true or false' }).default(false),
});

export const writeInput = z
  .strictObject({
    process: processName,
    offset,
    type: valueType,
    value: z
      .string({ error: 'value must be a string' })
      .max(MAX_VALUE_TEXT, { error: `value must be at most ${MAX_VALUE_TEXT} characters` }),
    endian: endianness.default('le'),
  })
  .superRefine((input, context) => {
    const problem = validateValue(input.type, input.value, input.endian);
    if (problem !== null) {
      context.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${problem.message}; allowed: ${problem.allowed}`,
      });
    }
  });

export const readInput = z.strictObject({
  process: processName,
  offset,
  length: integer('length', 0, MAX_READ_LENGTH, `from 0 to ${MAX_READ_LENGTH} bytes`),
  /** Look without faulting pages in: untouched pages read as their zeros. */
  peek: z.boolean({ error: 'peek must be true or false' }).default(false),
});

export const touchInput = z.strictObject({ process: processName, offset });

export const viewMemoryInput = z.strictObject({
  process: processName,
  offset,
  length: integer('length', 0, MAX_VIEW_WINDOW, `from 0 to ${MAX_VIEW_WINDOW} bytes`),
});

/** Most increments per process in one free run. */
export const MAX_RACE_TIMES = 10_000_000;
/** Most semaphores in a set the Lab creates (the kernel's SEMMSL may allow more). */
export const MAX_LAB_SEMAPHORES = 32;

export const raceVariant = z.enum(['plain', 'semaphore', 'atomic'], {
  error: 'variant must be "plain" (no lock), "semaphore" or "atomic"',
});

/** The counter is a u32 the CPU can add to atomically: its offset is a multiple of 4. */
const counterOffset = offset.refine((value) => value % 4 === 0, {
  error: 'offset must be a multiple of 4 (the counter is an aligned u32)',
});

export const raceInput = z.strictObject({
  offset: counterOffset,
  times: integer('times', 1, MAX_RACE_TIMES, `from 1 to ${MAX_RACE_TIMES} increments per process`),
  variant: raceVariant.default('plain'),
});

export const semid = integer('semid', 0, INT32_MAX, 'an id from 0 to 2147483647');
const semnum = integer('semnum', 0, MAX_LAB_SEMAPHORES - 1, `from 0 to ${MAX_LAB_SEMAPHORES - 1}`);
/** SEMVMX on Linux. */
export const SEMAPHORE_MAX_VALUE = 32_767;
const semaphoreValue = integer('value', 0, SEMAPHORE_MAX_VALUE, `from 0 to ${SEMAPHORE_MAX_VALUE}`);

export const stepInput = z.strictObject({
  process: processName,
  instruction: z.enum(['load', 'add', 'store'], {
    error: 'instruction must be "load", "add" or "store"',
  }),
  offset: counterOffset,
});

export const resetStepsInput = z.strictObject({ process: processName, offset: counterOffset });

export const createSemaphoreInput = z.strictObject({
  key: integer('key', INT32_MIN, INT32_MAX, 'a 32-bit key, or 0 for IPC_PRIVATE'),
  nsems: integer('nsems', 1, MAX_LAB_SEMAPHORES, `from 1 to ${MAX_LAB_SEMAPHORES} semaphores`),
  create: z.boolean({ error: 'create (IPC_CREAT) must be true or false' }).default(true),
  exclusive: z.boolean({ error: 'exclusive (IPC_EXCL) must be true or false' }).default(false),
  mode: permissionMode.default(0o600),
  /** SETVAL of every semaphore after a set was created (not when an existing one was opened). */
  initial: semaphoreValue.default(1),
});

export const semidInput = z.strictObject({ semid });

export const setSemaphoreValueInput = z.strictObject({
  semid,
  semnum,
  value: semaphoreValue,
  confirmForeign,
});

export const removeSemaphoreInput = z.strictObject({ semid, confirmForeign });

export const semaphoreOp = z.strictObject({
  semnum,
  op: integer('op', -SEMAPHORE_MAX_VALUE, SEMAPHORE_MAX_VALUE, 'from -32767 to 32767'),
  undo: z.boolean({ error: 'undo (SEM_UNDO) must be true or false' }).default(false),
  nowait: z.boolean({ error: 'nowait (IPC_NOWAIT) must be true or false' }).default(false),
});

export const semopInput = z.strictObject({
  process: processName,
  semid,
  ops: z
    .array(semaphoreOp, { error: 'ops must be a list of operations' })
    .min(1, { error: 'ops must hold at least one operation' })
    .max(MAX_LAB_SEMAPHORES, { error: `ops must hold at most ${MAX_LAB_SEMAPHORES} operations` }),
  /** semop changes a set as SETVAL does: on a foreign set, only when the learner confirmed. */
  confirmForeign,
});

export const killProcessInput = z.strictObject({
  process: processName,
  signal: z.enum(['SIGKILL', 'SIGTERM'], { error: 'signal must be "SIGKILL" or "SIGTERM"' }),
});

// ── Your own program (issue 11) ──────────────────────────────────────────────────────────

/** Longest C source compileProgram accepts (bytes of UTF-8, checked as characters here). */
export const MAX_PROGRAM_SOURCE = 256 * 1024;
/** Most arguments a run takes after argv[0], and the longest one. */
export const MAX_PROGRAM_ARGS = 16;
export const MAX_PROGRAM_ARG = 256;
/** Most characters one programInput types. */
export const MAX_PROGRAM_INPUT = 64 * 1024;

const noNul = (name: string) =>
  z
    .string({ error: `${name} must be a string` })
    .refine((text) => !text.includes('\0'), { error: `${name} must not contain a NUL character` });

export const programId = z
  .string({ error: 'programId must be a string' })
  .regex(/^p[0-9]{1,9}$/, { error: 'programId must be an id compileProgram returned, e.g. "p1"' });
export const runId = integer('runId', 1, INT32_MAX, 'an id runProgram returned');

export const compileProgramInput = z.strictObject({
  source: noNul('source').pipe(
    z.string().max(MAX_PROGRAM_SOURCE, {
      error: `source must be at most ${MAX_PROGRAM_SOURCE} characters`,
    }),
  ),
});

export const runProgramInput = z.strictObject({
  programId,
  /** Passed as SHMLAB_SHMID in the program's environment; null passes none. */
  shmid: shmid.nullable().default(null),
  args: z
    .array(
      noNul('an argument').pipe(
        z.string().max(MAX_PROGRAM_ARG, {
          error: `an argument must be at most ${MAX_PROGRAM_ARG} characters`,
        }),
      ),
      { error: 'args must be a list of strings' },
    )
    .max(MAX_PROGRAM_ARGS, { error: `args must hold at most ${MAX_PROGRAM_ARGS} arguments` })
    .default([]),
  cols: integer('cols', 2, 1000, 'from 2 to 1000 columns').default(80),
  rows: integer('rows', 2, 1000, 'from 2 to 1000 rows').default(24),
});

export const programInputInput = z.strictObject({
  runId,
  data: z
    .string({ error: 'data must be a string' })
    .max(MAX_PROGRAM_INPUT, { error: `data must be at most ${MAX_PROGRAM_INPUT} characters` }),
});

export const resizeProgramInput = z.strictObject({
  runId,
  cols: integer('cols', 2, 1000, 'from 2 to 1000 columns'),
  rows: integer('rows', 2, 1000, 'from 2 to 1000 rows'),
});

export const runIdInput = z.strictObject({ runId });

export const inspectProgramProcessInput = z.strictObject({
  pid: integer('pid', 1, INT32_MAX, 'the pid of a process of a run'),
  /** The segment whose maps line, smaps and pages are wanted (null: maps only). */
  shmid: shmid.nullable().default(null),
});

export const ftokInput = z.strictObject({
  path: noNul('path').pipe(
    z
      .string()
      .min(1, { error: 'path must not be empty: name an existing file, e.g. /tmp' })
      .max(4096, { error: 'path must be at most 4096 characters (PATH_MAX)' }),
  ),
  projectId: integer(
    'projectId',
    1,
    255,
    'from 1 to 255 (ftok uses its low 8 bits, and 0 is not allowed)',
  ),
});

/** The input schema of every command, by command name. */
export const commandInputs = {
  getState: noInput,
  listSegments: noInput,
  createSegment: createSegmentInput,
  statSegment: shmidInput,
  setSegmentMode: setModeInput,
  removeSegment: removeSegmentInput,
  attach: attachInput,
  detach: processInput,
  write: writeInput,
  read: readInput,
  touch: touchInput,
  inspect: processInput,
  respawn: processInput,
  race: raceInput,
  viewMemory: viewMemoryInput,
  cancelRace: noInput,
  step: stepInput,
  resetSteps: resetStepsInput,
  createSemaphore: createSemaphoreInput,
  statSemaphore: semidInput,
  setSemaphoreValue: setSemaphoreValueInput,
  removeSemaphore: removeSemaphoreInput,
  semop: semopInput,
  cancelSemop: processInput,
  threadState: processInput,
  killProcess: killProcessInput,
  machine: noInput,
  compilerInfo: noInput,
  compileProgram: compileProgramInput,
  runProgram: runProgramInput,
  programInput: programInputInput,
  resizeProgram: resizeProgramInput,
  stopProgram: runIdInput,
  inspectProgramProcess: inspectProgramProcessInput,
  ftok: ftokInput,
} as const satisfies Record<CommandName, z.ZodType>;

/** What a caller passes (defaults still optional). */
export type CommandInput<K extends CommandName> = z.input<(typeof commandInputs)[K]>;
/** What the Lab receives after validation (defaults filled in). */
export type ParsedInput<K extends CommandName> = z.output<(typeof commandInputs)[K]>;

/** Formats a schema failure as one sentence naming each bad field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    })
    .join('; ');
}
