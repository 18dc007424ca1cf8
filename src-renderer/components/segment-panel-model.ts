// Which segments the segment panel shows, and what it says about who uses each: A and B, and the
// processes of the learner's program run (live, or exited with the segment still attached).
import type {
  ProcessName,
  ProgramExitedEvent,
  ProgramProcess,
  SegmentStat,
} from '../../src-main/common/api';
import type { ExitDetach } from '../store/program-store';
import type { LabStoreState } from '../store/store-state';

/** The part of the program store the panel reads. */
export interface RunView {
  processes: readonly ProgramProcess[];
  exits: readonly ProgramExitedEvent[];
}

/**
 * The tutorial's segment first, then each segment A or B has attached that is not it, then those
 * the program's processes have attached: the panel follows what the processes really map, not
 * only what shmget returned.
 */
export function panelShmids(
  state: Pick<LabStoreState, 'segment' | 'processes'>,
  programShmids: readonly number[] = [],
): number[] {
  const ids = [
    state.segment?.shmid,
    state.processes.A.state.attachment?.shmid,
    state.processes.B.state.attachment?.shmid,
    ...programShmids,
  ];
  return [...new Set(ids.filter((id): id is number => id !== undefined))];
}

/** The segments the run's live processes have attached, in the order first seen. */
export function programShmids(run: Pick<RunView, 'processes'>): number[] {
  return [...new Set(run.processes.flatMap((process) => process.attachments.map((a) => a.shmid)))];
}

/** 'your program (pid 4242)', 'its forked child (pid 4243)'. */
function roleName(role: ProgramProcess['role'], pid: number): string {
  return `${role === 'program' ? 'your program' : 'its forked child'} (pid ${pid})`;
}

/**
 * 'attached in A and B', 'attached in B and your program (pid 4242)', 'not attached in A or B'.
 * The program's processes are named only when they have it attached.
 */
export function usedByText(
  shmid: number,
  state: Pick<LabStoreState, 'processes'>,
  names: readonly ProcessName[] = ['A', 'B'],
  run: Pick<RunView, 'processes'> = { processes: [] },
): string {
  const users: string[] = names.filter(
    (name) => state.processes[name].state.attachment?.shmid === shmid,
  );
  for (const process of run.processes) {
    if (process.attachments.some((attachment) => attachment.shmid === shmid))
      users.push(roleName(process.role, process.pid));
  }
  if (users.length === 0) return 'not attached in A or B';
  const last = users.pop();
  return `attached in ${users.length === 0 ? last : `${users.join(', ')} and ${last}`}`;
}

/**
 * What the panel says about lpid when it is a pid of the run: 'your program', 'its forked child',
 * and for one that has exited with this segment attached, that its exit was the detach the
 * kernel recorded. Null when lpid is not a pid of the run.
 */
export function lpidText(stat: Pick<SegmentStat, 'lpid' | 'shmid'>, run: RunView): string | null {
  const live = run.processes.find((process) => process.pid === stat.lpid);
  if (live !== undefined) {
    return `lpid ${stat.lpid} is ${roleName(live.role, live.pid)}: the last process that attached or detached this segment.`;
  }
  const exit = run.exits.find((ended) => ended.pid === stat.lpid);
  if (exit === undefined) return null;
  const detachedHere = exit.detached.some((attachment) => attachment.shmid === stat.shmid);
  return detachedHere
    ? `lpid ${stat.lpid} is ${roleName(exit.role, exit.pid)}, which has exited: its exit detached the segment, and the kernel counts that as its last shmdt.`
    : `lpid ${stat.lpid} is ${roleName(exit.role, exit.pid)}, which has exited.`;
}

/** 'cpid 4242 is your program (pid 4242): it made this segment with shmget.', or null. */
export function cpidText(stat: Pick<SegmentStat, 'cpid'>, run: RunView): string | null {
  const process =
    run.processes.find((live) => live.pid === stat.cpid) ??
    run.exits.find((ended) => ended.pid === stat.cpid);
  if (process === undefined) return null;
  return `cpid ${stat.cpid} is ${roleName(process.role, process.pid)}: it made this segment with shmget.`;
}

/**
 * 'Exit detaches implicitly: pid 4243 (its forked child) exited with this segment attached, and
 * the kernel detached it; nattch went from 3 to 2.' The two nattch values are the program
 * store's IPC_STAT readings, taken while the run had it attached and after the exit; a missing
 * one is not made up.
 */
export function exitDetachText(
  note: ExitDetach,
  exit: Pick<ProgramExitedEvent, 'role' | 'pid'> | undefined,
): string {
  const who = exit === undefined ? `pid ${note.pid}` : roleName(exit.role, exit.pid);
  const head = `Exit detaches implicitly: ${who} exited with this segment attached, and the kernel detached it`;
  const { before, after } = note;
  if (before !== null && after !== null)
    return `${head}; nattch went from ${before.nattch} to ${after.nattch}.`;
  if (after !== null) return `${head}; nattch is now ${after.nattch}.`;
  if (before !== null) return `${head}; nattch was ${before.nattch} while it was attached.`;
  return `${head}.`;
}

/** Parses an IPC_SET mode typed as octal ('640', '0640', '0o640'); null when it is not one. */
export function parseModeText(text: string): number | null {
  const match = /^\s*(?:0o?)?([0-7]{1,3})\s*$/i.exec(text);
  return match === null ? null : Number.parseInt(match[1]!, 8);
}
