// The shape of the learner's-program state (issue 11), shared by the program view (editor,
// compiler, terminal) and the diagram (one column per process of the run). The store that fills
// it is program-store.ts; this file only names what every reader may rely on.
import type {
  CompileResult,
  CompilerInfo,
  ProgramExitedEvent,
  ProgramProcess,
  ProgramProcessFacts,
  ProgramRun,
  StopProgramResult,
} from '../../src-main/common/api';
import type { ErrorEnvelope } from '../../src-main/common/errors';

export interface ProgramState {
  /** compilerInfo's answer; null until asked. */
  compiler: CompilerInfo | null;
  /** The learner's source as in the editor now. */
  source: string;
  /** The starting program the source began from (an id of the starters list). */
  starter: string;
  /** The last compile, and the source it compiled (to tell when the editor moved on). */
  compiled: { result: CompileResult; source: string } | null;
  /** The current or last run; null before the first. */
  run: ProgramRun | null;
  /** Whether the run's program (or any process it forked) is still alive. */
  running: boolean;
  /** The processes of the current run now, from programProcesses (program first, then forks). */
  processes: ProgramProcess[];
  /** The last facts read for each live process of the run, by pid (maps, pages). */
  facts: Record<number, ProgramProcessFacts>;
  /** Exits of the current run's processes, oldest first. */
  exits: ProgramExitedEvent[];
  /** The answer of the last stop, when the learner stopped the run. */
  stopped: StopProgramResult | null;
  /** The last failed command of this view, for the control that made it. */
  error: { command: string; error: ErrorEnvelope } | null;
}

export const INITIAL_PROGRAM_STATE: ProgramState = {
  compiler: null,
  source: '',
  starter: '',
  compiled: null,
  run: null,
  running: false,
  processes: [],
  facts: {},
  exits: [],
  stopped: null,
  error: null,
};
