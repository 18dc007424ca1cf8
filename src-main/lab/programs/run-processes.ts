// The processes of one run, followed from look to look: the program, what it forked and their
// descendants, each named by pid and start time (a reused pid is someone else). Each look says
// what appeared, what ended (with its status, or none when its parent reaped it before we
// looked) and what is alive now.
import type { ProgramAttachment, ProgramProcess } from '../../common/api';
import type { SeenProcess } from './processes';
import { childrenOf, hasChildrenFiles, processesInSession, readProcess } from './processes';
import { decodeWaitStatus } from './signals';

export interface ExitStatus {
  exitCode: number | null;
  signal: string | null;
}

/** A process of the run that ended, as programExited reports it. */
export interface ProcessExit extends ExitStatus {
  pid: number;
  role: ProgramProcess['role'];
  /** Its attachments when last seen alive. */
  detached: ProgramAttachment[];
}

interface Tracked {
  role: ProgramProcess['role'];
  startTime: string;
  attachments: ProgramAttachment[];
  /** Its end was reported. */
  ended: boolean;
}

/** What one look found. */
export interface Look {
  /** Every process of the run now, zombies included. */
  now: Map<number, SeenProcess>;
  /** Processes seen for the first time. */
  appeared: SeenProcess[];
  exits: ProcessExit[];
  /** Whether any process of the run is alive (not a zombie). */
  alive: boolean;
}

export class RunProcesses {
  /** Every pid the run has had: segments they created are the run's. */
  readonly pids = new Set<number>();
  private readonly tracked = new Map<number, Tracked>();

  constructor(
    private readonly runId: number,
    private readonly programPid: number,
  ) {}

  /** Starts following a process (the program, as soon as it is spawned). */
  follow(pid: number, seen: SeenProcess | null): void {
    this.tracked.set(pid, {
      role: pid === this.programPid ? 'program' : 'forked',
      startTime: seen?.startTime ?? '',
      attachments: seen?.attachments ?? [],
      ended: false,
    });
    this.pids.add(pid);
  }

  /** Whether `pid` is a live process of this run (not ended: a zombie has). */
  has(pid: number): boolean {
    const tracked = this.tracked.get(pid);
    return tracked !== undefined && !tracked.ended;
  }

  role(pid: number): ProgramProcess['role'] {
    return this.tracked.get(pid)?.role ?? 'forked';
  }

  /** The pids of the run that are alive now (same start time, not zombies). */
  livePids(): number[] {
    return [...this.tracked.entries()]
      .filter(([pid, tracked]) => {
        const seen = readProcess(pid);
        return seen !== null && seen.startTime === tracked.startTime && seen.state !== 'Z';
      })
      .map(([pid]) => pid);
  }

  /**
   * Looks at the run now. The program's own status comes from the Lab (its parent): until
   * `programExit` is known, its end is not reported.
   */
  look(programExit: ExitStatus | null): Look {
    const now = this.read(programExit !== null && !this.tracked.get(this.programPid)?.ended);
    const appeared = [...now.values()].filter((seen) => !this.tracked.has(seen.pid));
    for (const seen of appeared) this.follow(seen.pid, seen);
    const exits: ProcessExit[] = [];
    for (const [pid, tracked] of this.tracked) {
      if (tracked.ended) continue;
      const seen = now.get(pid);
      if (seen !== undefined && seen.state !== 'Z') {
        tracked.attachments = seen.attachments;
        continue;
      }
      let status: ExitStatus;
      if (tracked.role === 'program') {
        if (programExit === null) continue;
        status = programExit;
      } else {
        // A zombie holds its wait status; one reaped before we looked took it with it.
        status =
          seen === undefined ? { exitCode: null, signal: null } : decodeWaitStatus(seen.waitStatus);
      }
      tracked.ended = true;
      exits.push({ pid, role: tracked.role, ...status, detached: tracked.attachments });
    }
    const alive = [...now.values()].some((seen) => seen.state !== 'Z');
    return { now, appeared, exits, alive };
  }

  /** The list programProcesses sends: the program first, then by pid. */
  list(now: Map<number, SeenProcess>): ProgramProcess[] {
    return [...now.values()]
      .map((seen): ProgramProcess => ({
        runId: this.runId,
        pid: seen.pid,
        ppid: seen.ppid,
        pgid: seen.pgid,
        role: this.role(seen.pid),
        command: seen.command,
        state: seen.state,
        attachments: seen.attachments,
      }))
      .sort((a, b) => (a.role === b.role ? a.pid - b.pid : a.role === 'program' ? -1 : 1));
  }

  /** SIGKILL to each live process of the run (same start time only: never a reused pid). */
  killEach(): void {
    for (const pid of this.livePids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }

  /** Reads every process of the run now, by pid, start time and descent. */
  private read(programJustEnded: boolean): Map<number, SeenProcess> {
    const now = new Map<number, SeenProcess>();
    const queue: number[] = [];
    let lost = programJustEnded;
    for (const [pid, tracked] of this.tracked) if (!tracked.ended) queue.push(pid);
    const visit = (pid: number): void => {
      if (now.has(pid)) return;
      const seen = readProcess(pid);
      const tracked = this.tracked.get(pid);
      if (seen === null || (tracked !== undefined && tracked.startTime !== seen.startTime)) {
        if (tracked !== undefined) lost = true;
        return;
      }
      now.set(pid, seen);
      if (seen.state !== 'Z') for (const child of childrenOf(pid)) queue.push(child);
    };
    while (queue.length > 0) visit(queue.shift()!);
    if (!hasChildrenFiles || lost) {
      // Orphans were reparented away from every process we know: find them by session.
      for (const pid of processesInSession(this.programPid)) queue.push(pid);
      while (queue.length > 0) visit(queue.shift()!);
    }
    return now;
  }
}
