// What the soak's tabs know of the Lab: its segments, sets, attachments,
// compiled programs and runs, learnt only from the host's answers and events
// (as the page learns them). All tabs share one World, because they share
// one Lab. The action generator reads a WorldView; it never sees the World.
import type {
  LabEventMap,
  ProcessName,
  ProcessState,
  ProgramProcess,
  SegmentInfo,
  SemaphoreSetInfo,
} from '../../src-main/common/api';
import type { CommandName } from '../../src-main/common/channels';
import type { Result } from '../../src-main/common/errors';

/** The small C programs of the soak (see c-programs.ts). */
export const PROGRAM_KINDS = ['sleeper', 'forker', 'quick', 'broken'] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

export interface KnownSegment {
  shmid: number;
  size: number;
}

export interface KnownSet {
  semid: number;
  nsems: number;
}

export interface KnownRun {
  runId: number;
  /** The program's pid and those it forked, as the last programProcesses said. */
  pids: number[];
}

/** A plain snapshot of what is known, for the action generator. */
export interface WorldView {
  pageSize: number;
  segments: KnownSegment[];
  attached: Record<ProcessName, KnownSegment | null>;
  pids: Record<ProcessName, number | null>;
  sets: KnownSet[];
  programs: Record<ProgramKind, string | null>;
  runs: KnownRun[];
  waitingInSemop: Record<ProcessName, boolean>;
  racing: boolean;
}

/** An empty view: what a tab knows before any answer (page size until getState says). */
export function emptyView(pageSize = 4096): WorldView {
  return {
    pageSize,
    segments: [],
    attached: { A: null, B: null },
    pids: { A: null, B: null },
    sets: [],
    programs: { sleeper: null, forker: null, quick: null, broken: null },
    runs: [],
    waitingInSemop: { A: false, B: false },
    racing: false,
  };
}

const PROCESSES: readonly ProcessName[] = ['A', 'B'];
/** "shmid=12 semid=3" as the soak's forker prints it. */
const PRINTED_IDS = /shmid=(\d+) semid=(\d+)/g;

export class World {
  private view: WorldView = emptyView();
  /**
   * Every shmid and semid the Lab or a run made, as answers, events and program output named
   * them: leaks are looked for among them (a set has no creator pid to find it by).
   */
  readonly namedShmids = new Set<number>();
  readonly namedSemids = new Set<number>();
  /** Every pid of A, B or a run that was named: the tree scan may miss a short-lived one. */
  readonly namedPids = new Set<number>();
  /** What each run started: "<program kind> <args>", by runId (never forgotten). */
  readonly runsStarted = new Map<number, string>();

  /** A copy the generator may keep (the World changes under it otherwise). */
  snapshot(): WorldView {
    return structuredClone(this.view);
  }

  /** Records a command's answer. `program` is the kind a compileProgram was for. */
  applyAnswer(
    command: CommandName,
    input: unknown,
    result: Result<unknown>,
    program?: ProgramKind,
  ): void {
    const view = this.view;
    if (command === 'race') view.racing = false;
    if (!result.ok) {
      this.forgetOnError(command, input, result.error.code);
      return;
    }
    const value = result.value as never;
    switch (command) {
      case 'getState': {
        const state = value as {
          system: { pageSize: number };
          processes: Record<ProcessName, ProcessState>;
          segments: SegmentInfo[];
        };
        view.pageSize = state.system.pageSize;
        for (const name of PROCESSES) this.applyProcess(state.processes[name]);
        view.segments = state.segments.map((s) => ({ shmid: s.shmid, size: s.stat.segsz }));
        for (const s of state.segments) this.namedShmids.add(s.shmid);
        break;
      }
      case 'createSegment': {
        const info = value as SegmentInfo;
        // A foreign segment opened by key is never ours to find left over.
        if (info.owned) this.namedShmids.add(info.shmid);
        if (info.owned && !view.segments.some((s) => s.shmid === info.shmid)) {
          view.segments.push({ shmid: info.shmid, size: info.stat.segsz });
        }
        break;
      }
      case 'removeSegment':
        this.dropSegment((input as { shmid: number }).shmid);
        break;
      case 'attach':
      case 'detach':
      case 'respawn':
      case 'killProcess':
        this.applyProcess(value as ProcessState);
        break;
      case 'createSemaphore': {
        const info = value as SemaphoreSetInfo;
        if (info.owned) this.namedSemids.add(info.semid);
        if (info.owned && !view.sets.some((s) => s.semid === info.semid)) {
          view.sets.push({ semid: info.semid, nsems: info.stat.nsems });
        }
        break;
      }
      case 'removeSemaphore':
        this.dropSet((input as { semid: number }).semid);
        break;
      case 'semop': {
        const { process, status } = value as { process: ProcessName; status: string };
        if (status === 'waiting') view.waitingInSemop[process] = true;
        break;
      }
      case 'compileProgram': {
        const { programId } = value as { programId: string | null };
        if (program !== undefined && programId !== null) view.programs[program] = programId;
        break;
      }
      case 'runProgram': {
        const { runId, pid, argv } = value as { runId: number; pid: number; argv: string[] };
        this.namedPids.add(pid);
        const { programId } = input as { programId: string };
        const kind = PROGRAM_KINDS.find((k) => view.programs[k] === programId) ?? 'unknown';
        this.runsStarted.set(runId, [kind, ...argv.slice(1)].join(' '));
        if (!view.runs.some((r) => r.runId === runId)) view.runs.push({ runId, pids: [pid] });
        break;
      }
      case 'stopProgram':
        view.runs = view.runs.filter((r) => r.runId !== (input as { runId: number }).runId);
        break;
      default:
        break;
    }
    const semid = (value as { semid?: unknown } | null)?.semid;
    if (command === 'race' && typeof semid === 'number') this.namedSemids.add(semid);
  }

  /** A command was sent: what is under way from now on. */
  applySent(command: CommandName): void {
    if (command === 'race') this.view.racing = true;
  }

  /** Records one Lab event. */
  applyEvent<E extends keyof LabEventMap>(event: E, payload: LabEventMap[E]): void {
    const view = this.view;
    if (event === 'processStatus') {
      this.applyProcess((payload as LabEventMap['processStatus']).state);
    } else if (event === 'segmentChanged') {
      const { shmid, stat } = payload as LabEventMap['segmentChanged'];
      if (stat === null) this.dropSegment(shmid);
    } else if (event === 'semopFinished') {
      view.waitingInSemop[(payload as LabEventMap['semopFinished']).process] = false;
    } else if (event === 'programProcesses') {
      const { runId, processes } = payload as LabEventMap['programProcesses'];
      this.applyRunProcesses(runId, processes);
    } else if (event === 'programExited') {
      const exited = payload as LabEventMap['programExited'];
      exited.removedSegments.forEach((id) => this.namedShmids.add(id));
      exited.removedSemaphoreSets.forEach((id) => this.namedSemids.add(id));
      if (exited.runOver) view.runs = view.runs.filter((r) => r.runId !== exited.runId);
    } else if (event === 'programOutput') {
      for (const match of (payload as LabEventMap['programOutput']).data.matchAll(PRINTED_IDS)) {
        this.namedShmids.add(Number(match[1]));
        this.namedSemids.add(Number(match[2]));
      }
    }
  }

  private applyProcess(state: ProcessState): void {
    this.view.pids[state.name] = state.status === 'exited' ? null : state.pid;
    if (state.pid !== null) this.namedPids.add(state.pid);
    if (state.status === 'exited') this.view.waitingInSemop[state.name] = false;
    const attachment = state.attachment;
    this.view.attached[state.name] =
      attachment === null ? null : { shmid: attachment.shmid, size: attachment.size };
  }

  private applyRunProcesses(runId: number, processes: ProgramProcess[]): void {
    processes.forEach((p) => this.namedPids.add(p.pid));
    const run = this.view.runs.find((r) => r.runId === runId);
    if (run !== undefined) run.pids = processes.map((p) => p.pid);
  }

  /** An answer that says an object is gone: stop naming it in new commands. */
  private forgetOnError(command: CommandName, input: unknown, code: string): void {
    const gone = code === 'EINVAL' || code === 'EIDRM' || code.startsWith('E_NO_SUCH');
    if (!gone) return;
    const { shmid, semid, runId } = (input ?? {}) as {
      shmid?: number;
      semid?: number;
      runId?: number;
    };
    if (command === 'statSegment' && shmid !== undefined) this.dropSegment(shmid);
    if (command === 'statSemaphore' && semid !== undefined) this.dropSet(semid);
    if (code === 'E_NO_SUCH_RUN' && runId !== undefined) {
      this.view.runs = this.view.runs.filter((r) => r.runId !== runId);
    }
    if (code === 'E_NO_SUCH_PROGRAM') {
      const programs = this.view.programs;
      for (const kind of PROGRAM_KINDS) {
        if (programs[kind] === (input as { programId?: string }).programId) programs[kind] = null;
      }
    }
  }

  private dropSegment(shmid: number): void {
    this.view.segments = this.view.segments.filter((s) => s.shmid !== shmid);
  }

  private dropSet(semid: number): void {
    this.view.sets = this.view.sets.filter((s) => s.semid !== semid);
  }
}
