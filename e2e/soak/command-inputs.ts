// Plausible inputs for the soak's commands: ids the Lab returned, offsets
// inside the sizes it made, values each type accepts, the process a learner
// would pick. Pure, like the generator that uses them.
import type { ProcessName } from '../../src-main/common/api';
import type { CommandName } from '../../src-main/common/channels';
import { VALUE_TYPES } from '../../src-main/common/codec';
import type { ValueType } from '../../src-main/common/codec';
import { MAX_READ_LENGTH } from '../../src-main/common/schemas';
import type { Random } from './random';
import type { KnownSegment, WorldView } from './world';
import { PROGRAM_KINDS } from './world';

export const PROCESSES: readonly ProcessName[] = ['A', 'B'];

/** A value each type accepts, for writes. */
const SAMPLE_VALUES: Readonly<Record<ValueType, readonly string[]>> = {
  u8: ['0', '255', '0x7f'],
  i8: ['-128', '127', '-1'],
  u16: ['65535', '4660'],
  i16: ['-32768', '1234'],
  u32: ['4294967295', '3735928559', '42'],
  i32: ['-2147483648', '-7'],
  u64: ['18446744073709551615', '1'],
  i64: ['-9223372036854775808', '99'],
  f32: ['1.5', '-0.25', '3.4e38'],
  f64: ['2.718281828459045', '-1e-300'],
  ascii: ['hello', 'A'],
  utf8: ['héllo ✓', 'ShmLab'],
  hex: ['de ad be ef', '0x01, 0x02'],
};

function anySegment(random: Random, view: WorldView): KnownSegment | null {
  const known = [...view.segments, ...PROCESSES.flatMap((p) => view.attached[p] ?? [])];
  return known.length === 0 ? null : random.pick(known);
}

/** A shmid the Lab knows, or now and then one it never made (a stale or wrong id). */
export function someShmid(random: Random, view: WorldView): number {
  const segment = anySegment(random, view);
  return segment === null || random.chance(0.05) ? random.int(0, 2 ** 31 - 1) : segment.shmid;
}

/** A segment size: mostly a few pages, now and then megabytes. */
export function segmentSize(random: Random, pageSize: number): number {
  switch (random.weighted({ tiny: 3, pages: 5, big: 1, huge: 0.2 })) {
    case 'tiny':
      return random.int(1, pageSize);
    case 'pages':
      return pageSize * random.int(1, 16);
    case 'big':
      return random.int(1, 4) * 1024 * 1024;
    case 'huge':
      return random.int(16, 64) * 1024 * 1024;
  }
}

/** An offset inside `size` that leaves `room` bytes (0 when it cannot). */
export function offsetIn(random: Random, size: number, room = 1, align = 1): number {
  const last = Math.max(0, size - room);
  return Math.floor(random.int(0, last) / align) * align;
}

/** The size of what `process` has attached (a page when nothing). */
export function attachedSize(view: WorldView, process: ProcessName): number {
  return view.attached[process]?.size ?? view.pageSize;
}

/** A write of a valid value of a random type inside the attachment. */
export function writeInput(random: Random, view: WorldView, process: ProcessName) {
  const type = random.pick(VALUE_TYPES);
  const value = random.pick(SAMPLE_VALUES[type]);
  const offset = offsetIn(random, attachedSize(view, process), 32);
  return { process, offset, type, value, endian: random.pick(['le', 'be'] as const) };
}

/** A read of the whole attachment, up to the 1 MiB a read may return: the big answer. */
export function wholeReadInput(view: WorldView, process: ProcessName) {
  return { process, offset: 0, length: Math.min(attachedSize(view, process), MAX_READ_LENGTH) };
}

/** A read inside the attachment; now and then all of it. */
export function readInput(random: Random, view: WorldView, process: ProcessName) {
  if (random.chance(0.08)) return wholeReadInput(view, process);
  const size = attachedSize(view, process);
  const length = random.int(0, Math.min(256, size));
  return { process, offset: offsetIn(random, size, length), length, peek: random.chance(0.3) };
}

/** P, V or wait-for-zero on a known set, with or without SEM_UNDO and IPC_NOWAIT. */
export function semopInput(random: Random, view: WorldView, process: ProcessName) {
  const set = view.sets.length === 0 ? null : random.pick(view.sets);
  const semid = set?.semid ?? random.int(0, 1000);
  const ops = Array.from({ length: random.int(1, Math.min(2, set?.nsems ?? 1)) }, (_, semnum) => ({
    semnum,
    op: random.pick([-1, -1, 1, 1, 0]),
    undo: random.chance(0.3),
    nowait: random.chance(0.3),
  }));
  return { process, semid, ops };
}

/** A run of a compiled program, mostly given an attached segment. */
export function runInput(random: Random, view: WorldView): unknown {
  const compiled = PROGRAM_KINDS.filter((kind) => view.programs[kind] !== null);
  const kind = compiled.length === 0 ? 'sleeper' : random.pick(compiled);
  const attached = PROCESSES.flatMap((p) => view.attached[p] ?? []);
  const shmid = attached.length > 0 && random.chance(0.7) ? random.pick(attached).shmid : null;
  const args = kind === 'forker' && random.chance(0.5) ? ['stubborn'] : [];
  return { programId: view.programs[kind] ?? 'p999999', shmid, args };
}

/** Commands that need the process to have a segment attached. */
const NEEDS_ATTACHMENT: ReadonlySet<CommandName> = new Set<CommandName>([
  'detach',
  'write',
  'read',
  'touch',
  'viewMemory',
  'step',
  'resetSteps',
]);

/**
 * The process a command goes to: mostly one for which it makes sense (attached for a write, not
 * attached for an attach, exited for a respawn), as a learner would click; now and then the other, for the errors.
 */
export function chooseProcess(random: Random, view: WorldView, command: CommandName): ProcessName {
  const attached = PROCESSES.filter((p) => view.attached[p] !== null);
  const fitting = NEEDS_ATTACHMENT.has(command)
    ? attached
    : command === 'attach'
      ? PROCESSES.filter((p) => view.attached[p] === null)
      : command === 'respawn'
        ? PROCESSES.filter((p) => view.pids[p] === null)
        : PROCESSES;
  return fitting.length > 0 && random.chance(0.9) ? random.pick(fitting) : random.pick(PROCESSES);
}

/** Mostly the segment the other process has attached (so a free run can follow), else any. */
export function attachShmid(random: Random, view: WorldView, process: ProcessName): number {
  const other = view.attached[process === 'A' ? 'B' : 'A'];
  return other !== null && random.chance(0.6) ? other.shmid : someShmid(random, view);
}
