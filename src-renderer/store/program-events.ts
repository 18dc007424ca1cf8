// The pure rules by which the learner's-program state follows the Lab's events (programProcesses,
// programExited) and the answers of its commands. program-store.ts applies them; tests call them
// with events as the Lab sends them.
import type {
  ProgramExitedEvent,
  ProgramProcess,
  ProgramProcessFacts,
  ProgramProcessesEvent,
} from '../../src-main/common/api';
import type { ProgramState } from './program-state';

/** The part of the state the event rules read and write. */
export type RunSlice = Pick<ProgramState, 'run' | 'running' | 'processes' | 'facts' | 'exits'>;

/** The program first, then the processes it forked, each group by pid. */
export function orderProcesses(processes: readonly ProgramProcess[]): ProgramProcess[] {
  return [...processes].sort((a, b) =>
    a.role === b.role ? a.pid - b.pid : a.role === 'program' ? -1 : 1,
  );
}

/** The facts kept for the pids still listed, dropping those of gone processes. */
export function factsOfLive(
  facts: Readonly<Record<number, ProgramProcessFacts>>,
  processes: readonly ProgramProcess[],
): Record<number, ProgramProcessFacts> {
  const live = new Set(processes.map((p) => p.pid));
  const kept: Record<number, ProgramProcessFacts> = {};
  for (const [pid, fact] of Object.entries(facts))
    if (live.has(Number(pid))) kept[Number(pid)] = fact;
  return kept;
}

/** The state after a programProcesses event; events of another run change nothing. */
export function applyProcesses(state: RunSlice, event: ProgramProcessesEvent): Partial<RunSlice> {
  if (state.run === null || event.runId !== state.run.runId) return {};
  // A list that arrives after the run is over would bring back the dead: the exit event is final.
  if (!state.running) return {};
  const processes = orderProcesses(event.processes);
  return { processes, facts: factsOfLive(state.facts, processes) };
}

/** The state after a programExited event; events of another run change nothing. */
export function applyExited(state: RunSlice, event: ProgramExitedEvent): Partial<RunSlice> {
  if (state.run === null || event.runId !== state.run.runId) return {};
  if (state.exits.some((e) => e.pid === event.pid)) return {};
  const processes = event.runOver ? [] : state.processes.filter((p) => p.pid !== event.pid);
  return {
    exits: [...state.exits, event],
    processes,
    facts: factsOfLive(state.facts, processes),
    running: event.runOver ? false : state.running,
  };
}

/** The state with new facts of one process, kept only while that process is listed. */
export function applyFacts(state: RunSlice, facts: ProgramProcessFacts): Partial<RunSlice> {
  if (state.run === null || facts.process.runId !== state.run.runId) return {};
  if (!state.processes.some((p) => p.pid === facts.process.pid)) return {};
  return { facts: { ...state.facts, [facts.process.pid]: facts } };
}

/** Whether the compiled program is the one in the editor (same text, compiled without error). */
export function compiledIsCurrent(state: Pick<ProgramState, 'compiled' | 'source'>): boolean {
  return (
    state.compiled !== null &&
    state.compiled.source === state.source &&
    state.compiled.result.ok &&
    state.compiled.result.programId !== null
  );
}

/** The exit of `pid` in this run, when it ended. */
export function exitOf(state: Pick<ProgramState, 'exits'>, pid: number): ProgramExitedEvent | null {
  return state.exits.find((e) => e.pid === pid) ?? null;
}
