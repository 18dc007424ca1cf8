// The processes of one run, followed from look to look: the program, what it forked and their
// descendants, each named by pid and start time. A pid we follow that now has another start time
// belongs to someone else, unless that process is reached from the run again (a child of one of
// its processes or of the run's supervisor, or in its session): then the run reused the pid, and
// it is a new process of the run. The supervisor is the run's subreaper, so its children are the
// program and every orphan of the run, however it left its session. Each look says what appeared,
// what ended (with its status: from its zombie, or from the supervisor that reaped it; none when
// its own parent reaped it before we looked) and what is alive now.
import type { ProgramAttachment, ProgramProcess } from '../../common/api';
import { readPidStat } from '../../proc/pid-stat';
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

/** A process by pid and start time, as the run record keeps it. */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

interface Tracked {
  role: ProgramProcess['role'];
  startTime: string;
  /** Its group when first seen (a leader's group outlives it while members remain). */
  pgid: number;
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
  /**
   * The processes that ended in this look and lead no group: nothing of them is left for the
   * crash sweep to kill, so the run record may forget them.
   */
  forgettable: ProcessIdentity[];
  /** Whether any process of the run is alive (not a zombie). */
  alive: boolean;
}

export class RunProcesses {
  /** The pids whose end the latest look found (see creators). */
  private endedInLastLook = new Set<number>();
  private readonly tracked = new Map<number, Tracked>();
  /** Statuses of processes the supervisor reaped since the last look. */
  private reapedStatus = new Map<number, ExitStatus>();

  constructor(
    private readonly runId: number,
    private readonly programPid: number,
    /** The run's supervisor (its subreaper), by pid and start time, or null. */
    private readonly supervisor: ProcessIdentity | null = null,
  ) {}

  /** The supervisor reaped `pid` (an orphan of the run): its status, for the next look. */
  reaped(pid: number, status: ExitStatus): void {
    this.reapedStatus.set(pid, status);
  }

  /** Starts following the program, as soon as it is spawned. */
  followProgram(seen: SeenProcess | null): void {
    this.follow(this.programPid, seen, 'program');
  }

  /** Whether `pid` is a live process of this run (not ended: a zombie has). */
  has(pid: number): boolean {
    const tracked = this.tracked.get(pid);
    return tracked !== undefined && !tracked.ended;
  }

  role(pid: number): ProgramProcess['role'] {
    return this.tracked.get(pid)?.role ?? 'forked';
  }

  /**
   * The pids whose System V objects are the run's: its processes that have not ended, and those
   * whose end the latest look found (an object made just before the end is found by the scan
   * that follows that look). Not the pids of processes that ended earlier: another program may
   * have any of those now.
   */
  creators(): ReadonlySet<number> {
    const pids = new Set(this.endedInLastLook);
    for (const [pid, tracked] of this.tracked) if (!tracked.ended) pids.add(pid);
    return pids;
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
    const exits: ProcessExit[] = [];
    const forgettable: ProcessIdentity[] = [];
    const checkEnd = (pid: number, tracked: Tracked): void => {
      const exit = this.endIfGone(pid, tracked, now.get(pid), programExit);
      if (exit === null) return;
      exits.push(exit);
      if (tracked.pgid !== pid) forgettable.push({ pid, startTime: tracked.startTime });
    };
    for (const [pid, tracked] of this.tracked) checkEnd(pid, tracked);
    // New pids, and pids of ended processes that the run uses again (the program's own pid is
    // not free for reuse until the Lab reaped it, which ended its entry above). One seen for
    // the first time as a zombie ends at once, with the status it holds.
    const appeared = [...now.values()].filter((seen) => {
      const tracked = this.tracked.get(seen.pid);
      return tracked === undefined || (tracked.ended && tracked.startTime !== seen.startTime);
    });
    for (const seen of appeared) checkEnd(seen.pid, this.follow(seen.pid, seen, 'forked'));
    this.reapedStatus.clear();
    this.endedInLastLook = new Set(exits.map((exit) => exit.pid));
    const alive = [...now.values()].some((seen) => seen.state !== 'Z');
    return { now, appeared, exits, forgettable, alive };
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

  /**
   * Whether a process of the run (alive, or a zombie not reaped yet) is in group `pgid` now:
   * while one is, the kernel gives that number to no other group.
   */
  holdsGroup(pgid: number): boolean {
    for (const [pid, tracked] of this.tracked) {
      const seen = readProcess(pid);
      if (seen?.startTime === tracked.startTime && seen.pgid === pgid) return true;
    }
    return false;
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

  private follow(pid: number, seen: SeenProcess | null, role: ProgramProcess['role']): Tracked {
    const tracked: Tracked = {
      role,
      startTime: seen?.startTime ?? '',
      pgid: seen?.pgid ?? pid,
      attachments: seen?.attachments ?? [],
      ended: false,
    };
    this.tracked.set(pid, tracked);
    return tracked;
  }

  /**
   * Marks `tracked` ended when `seen` (what has its pid now) is not that process alive, and
   * returns its exit; null while it lives (or, for the program, until the Lab has its status).
   */
  private endIfGone(
    pid: number,
    tracked: Tracked,
    seen: SeenProcess | undefined,
    programExit: ExitStatus | null,
  ): ProcessExit | null {
    if (tracked.ended) return null;
    // Another start time under this pid is another process: this one has ended.
    const same = seen !== undefined && seen.startTime === tracked.startTime ? seen : undefined;
    if (same !== undefined && same.state !== 'Z') {
      tracked.attachments = same.attachments;
      return null;
    }
    let status: ExitStatus;
    if (tracked.role === 'program') {
      if (programExit === null) return null;
      status = programExit;
    } else {
      // A zombie holds its wait status; one reaped before we looked took it with it, unless the
      // supervisor was its reaper.
      status =
        same === undefined
          ? (this.reapedStatus.get(pid) ?? { exitCode: null, signal: null })
          : decodeWaitStatus(same.waitStatus);
    }
    tracked.ended = true;
    return { pid, role: tracked.role, ...status, detached: tracked.attachments };
  }

  /** Reads every process of the run now, by pid, start time and descent. */
  private read(programJustEnded: boolean): Map<number, SeenProcess> {
    const now = new Map<number, SeenProcess>();
    // Each pid with whether it was reached from the run (a child, a member of the session),
    // rather than only followed from an earlier look.
    const queue: [pid: number, reached: boolean][] = [];
    let lost = programJustEnded;
    for (const [pid, tracked] of this.tracked) if (!tracked.ended) queue.push([pid, false]);
    // Every orphan of the run is the supervisor's child, wherever its session is. Once the Lab
    // reaped the supervisor, its pid may be another process's: the start time tells.
    const { pid: supervisorPid = 0, startTime = '' } = this.supervisor ?? {};
    if (supervisorPid > 0) {
      const orphans = childrenOf(supervisorPid);
      if (readPidStat(supervisorPid)?.[19] === startTime) {
        for (const pid of orphans) queue.push([pid, true]);
      }
    }
    const visit = ([pid, reached]: [number, boolean]): void => {
      if (now.has(pid)) return;
      const seen = readProcess(pid);
      const tracked = this.tracked.get(pid);
      const known = seen !== null && tracked?.startTime === seen.startTime;
      // A process we followed is gone (its children, reparented, are in no known list now).
      if (tracked !== undefined && !tracked.ended && !known) lost = true;
      if (seen === null || (!reached && !known)) return;
      now.set(pid, seen);
      if (seen.state !== 'Z') for (const child of childrenOf(pid)) queue.push([child, true]);
    };
    while (queue.length > 0) visit(queue.shift()!);
    if ((!hasChildrenFiles || lost) && this.sessionIsOurs(now)) {
      // Orphans were reparented away from every process we know: find them by session.
      for (const pid of processesInSession(this.programPid)) queue.push([pid, true]);
      while (queue.length > 0) visit(queue.shift()!);
    }
    return now;
  }

  /**
   * Whether the session the program made (its id is the program's pid) is still the run's. Its
   * members all descend from the program; while it has one, the kernel gives the program's pid
   * to no one else. So it is ours unless another process, not of the run, has that pid now: then
   * the session ended, and any session with that id is another program's.
   */
  private sessionIsOurs(now: Map<number, SeenProcess>): boolean {
    const seen = readProcess(this.programPid);
    if (seen === null || now.get(this.programPid)?.startTime === seen.startTime) return true;
    return this.tracked.get(this.programPid)?.startTime === seen.startTime;
  }
}
