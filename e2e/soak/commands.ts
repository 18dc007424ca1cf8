// Plausible inputs for every command of the real command table, drawn from
// what the tabs know of the Lab (a WorldView): the ids it returned, the
// sizes it made, the programs it compiled. Pure: a seed and a view give the
// same command.
import type { CommandName } from '../../src-main/common/channels';
import { MAX_VIEW_WINDOW } from '../../src-main/common/schemas';
import { PROGRAM_SOURCES } from './c-programs';
import {
  attachShmid,
  attachedSize,
  chooseProcess,
  offsetIn,
  readInput,
  runInput,
  segmentSize,
  semopInput,
  someShmid,
  writeInput,
} from './command-inputs';
import type { Random } from './random';
import type { ProgramKind, WorldView } from './world';
import { PROGRAM_KINDS } from './world';

/** One request of the real table, as a tab sends it. */
export interface CommandAction {
  kind: 'command';
  command: CommandName;
  input: unknown;
  /** For compileProgram: which of the soak's programs it is. */
  program?: ProgramKind;
}

/** Keys the soak uses for keyed segments and sets: few, so tabs open each other's. */
const SOAK_KEY_BASE = 0x50a4_0000;
/** Past these the generator removes rather than creates, so the Lab's tables stay bounded. */
export const MAX_SEGMENTS = 10;
export const MAX_SETS = 6;
export const MAX_RUNS = 4;

const op = (command: CommandName, input?: unknown, program?: ProgramKind): CommandAction =>
  program === undefined
    ? { kind: 'command', command, input }
    : { kind: 'command', command, input, program };

/** Relative weights of the commands; those that need a known object drop out without one. */
function weights(view: WorldView): Record<CommandName, number> {
  const hasSegment = view.segments.length > 0;
  const attachedAny = view.attached.A !== null || view.attached.B !== null;
  const hasSet = view.sets.length > 0;
  const hasRun = view.runs.length > 0;
  const hasProgram = PROGRAM_KINDS.some((kind) => view.programs[kind] !== null);
  return {
    getState: 3,
    listSegments: 1,
    createSegment: view.segments.length < MAX_SEGMENTS ? 4 : 0,
    statSegment: hasSegment ? 2 : 0,
    setSegmentMode: hasSegment ? 1 : 0,
    removeSegment: hasSegment ? (view.segments.length >= MAX_SEGMENTS ? 6 : 1.5) : 0,
    attach: hasSegment ? 5 : 0,
    detach: attachedAny ? 2 : 0.2,
    write: attachedAny ? 10 : 0.5,
    read: attachedAny ? 8 : 0.5,
    touch: attachedAny ? 3 : 0.2,
    inspect: 2,
    // A learner respawns a child soon after it died; the soak's commands need it running.
    respawn: view.pids.A === null || view.pids.B === null ? 6 : 0.5,
    race: attachedAny && !view.racing ? 1.5 : 0,
    viewMemory: attachedAny ? 3 : 0.2,
    cancelRace: view.racing ? 2 : 0.1,
    step: attachedAny ? 3 : 0.2,
    resetSteps: attachedAny ? 0.5 : 0,
    createSemaphore: view.sets.length < MAX_SETS ? 2 : 0,
    statSemaphore: hasSet ? 1.5 : 0,
    setSemaphoreValue: hasSet ? 1.5 : 0,
    removeSemaphore: hasSet ? (view.sets.length >= MAX_SETS ? 4 : 0.7) : 0,
    semop: hasSet ? 3 : 0.2,
    cancelSemop: view.waitingInSemop.A || view.waitingInSemop.B ? 3 : 0.2,
    threadState: 1,
    killProcess: 0.6,
    machine: 0.3,
    compilerInfo: 0.3,
    compileProgram: hasProgram ? 0.3 : 2,
    runProgram: hasProgram && view.runs.length < MAX_RUNS ? 1.5 : 0,
    programInput: hasRun ? 1 : 0,
    resizeProgram: hasRun ? 0.5 : 0,
    stopProgram: hasRun ? (view.runs.length >= MAX_RUNS ? 4 : 1.2) : 0,
    inspectProgramProcess: hasRun ? 1 : 0,
    ftok: 0.5,
  };
}

/** One valid command for the Lab as `view` shows it. */
export function nextCommand(random: Random, view: WorldView): CommandAction {
  const command = random.weighted(weights(view));
  const process = chooseProcess(random, view, command);
  const run = view.runs.length === 0 ? null : random.pick(view.runs);
  const runId = run?.runId ?? 1;
  switch (command) {
    case 'getState':
    case 'listSegments':
    case 'cancelRace':
    case 'machine':
    case 'compilerInfo':
      return op(command);
    case 'createSegment': {
      const keyed = random.chance(0.2);
      const key = keyed ? SOAK_KEY_BASE + random.int(0, 7) : 0;
      const size = segmentSize(random, view.pageSize);
      return op(command, { key, size, exclusive: keyed && random.chance(0.3), mode: 0o600 });
    }
    case 'statSegment':
      return op(command, { shmid: someShmid(random, view) });
    case 'setSegmentMode':
      return op(command, {
        shmid: someShmid(random, view),
        mode: random.pick([0o600, 0o640, 0o400]),
      });
    case 'removeSegment':
      return op(command, { shmid: someShmid(random, view) });
    case 'attach':
      return op(command, {
        process,
        shmid: attachShmid(random, view, process),
        readOnly: random.chance(0.15),
      });
    case 'detach':
    case 'inspect':
    case 'respawn':
    case 'cancelSemop':
    case 'threadState':
      return op(command, { process });
    case 'write':
      return op(command, writeInput(random, view, process));
    case 'read':
      return op(command, readInput(random, view, process));
    case 'touch':
      return op(command, { process, offset: offsetIn(random, attachedSize(view, process)) });
    case 'viewMemory': {
      const size = attachedSize(view, process);
      const length = random.int(0, Math.min(size, MAX_VIEW_WINDOW));
      return op(command, { process, offset: offsetIn(random, size, length), length });
    }
    case 'race': {
      const size = attachedSize(view, process);
      const variant = random.pick(['plain', 'semaphore', 'atomic'] as const);
      return op(command, {
        offset: offsetIn(random, size, 4, 4),
        times: random.int(100, 200_000),
        variant,
      });
    }
    case 'step':
    case 'resetSteps': {
      const offset = offsetIn(random, attachedSize(view, process), 4, 4);
      return command === 'step'
        ? op(command, {
            process,
            instruction: random.pick(['load', 'load', 'add', 'store'] as const),
            offset,
          })
        : op(command, { process, offset });
    }
    case 'createSemaphore': {
      const keyed = random.chance(0.2);
      return op(command, {
        key: keyed ? SOAK_KEY_BASE + 8 + random.int(0, 3) : 0,
        nsems: random.int(1, 4),
        initial: random.int(0, 2),
      });
    }
    case 'statSemaphore':
    case 'removeSemaphore': {
      const semid = view.sets.length === 0 ? random.int(0, 1000) : random.pick(view.sets).semid;
      return op(command, { semid });
    }
    case 'setSemaphoreValue': {
      const set = view.sets.length === 0 ? { semid: 0, nsems: 1 } : random.pick(view.sets);
      return op(command, {
        semid: set.semid,
        semnum: random.int(0, set.nsems - 1),
        value: random.int(0, 3),
      });
    }
    case 'semop':
      return op(command, semopInput(random, view, process));
    case 'killProcess':
      return op(command, { process, signal: random.pick(['SIGKILL', 'SIGTERM'] as const) });
    case 'compileProgram': {
      const kind = random.pick(PROGRAM_KINDS);
      return op(command, { source: PROGRAM_SOURCES[kind] }, kind);
    }
    case 'runProgram':
      return op(command, runInput(random, view));
    case 'programInput':
      return op(command, {
        runId,
        data: random.pick(['hello\n', '\u0003', 'x'.repeat(random.int(1, 2000))]),
      });
    case 'resizeProgram':
      return op(command, { runId, cols: random.int(2, 200), rows: random.int(2, 60) });
    case 'stopProgram':
      return op(command, { runId });
    case 'inspectProgramProcess': {
      const pid = run === null || run.pids.length === 0 ? 1 : random.pick(run.pids);
      const shmid = view.attached.A?.shmid ?? null;
      return op(command, { pid, shmid });
    }
    case 'ftok':
      return op(command, {
        path: random.pick(['/tmp', '/etc/hostname', '/nonexistent/soak']),
        projectId: random.int(1, 255),
      });
  }
}
