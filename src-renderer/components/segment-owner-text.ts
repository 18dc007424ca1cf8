// The words that say whose segment this is: who called shmget (cpid), who owns it now (uid),
// and who has it attached. Every number comes from IPC_STAT and the Lab's own reports.
import type { ProcessName, ProcessState, SegmentStat, SystemInfo } from '../../src-main/common/api';

/** The host facts these sentences need; null before the Lab's system info arrived. */
export type HostFacts = Pick<SystemInfo, 'hostPid' | 'hostCommand'> | null;

/**
 * Who created the segment, from its cpid: the ShmLab host (which makes every shmget of this Lab),
 * or another process.
 */
export function creatorText(stat: SegmentStat, host: HostFacts): string {
  if (host !== null && stat.cpid === host.hostPid) {
    return `pid ${stat.cpid}: the ShmLab host (${host.hostCommand}), which called shmget — not A or B`;
  }
  return `pid ${stat.cpid}: another process, not ShmLab — this segment is foreign`;
}

/** The Lab's processes that have the segment attached now, e.g. ['A (pid 41)']. */
function attachedLabProcesses(
  shmid: number,
  processes: Record<ProcessName, ProcessState>,
): string[] {
  return (['A', 'B'] as const).flatMap((name) => {
    const state = processes[name];
    return state.attachment?.shmid === shmid ? [`${name} (pid ${state.pid ?? '?'})`] : [];
  });
}

/**
 * Its attached processes in words: 'A (pid 41) and 1 other process', 'no process', or, when
 * IPC_STAT could not be read, only the Lab's own.
 */
export function attachedText(
  stat: SegmentStat | null,
  shmid: number,
  processes: Record<ProcessName, ProcessState>,
): string {
  const ours = attachedLabProcesses(shmid, processes);
  if (stat === null) {
    return ours.length === 0
      ? 'attachments unknown (IPC_STAT refused)'
      : `${ours.join(' and ')}, others unknown (IPC_STAT refused)`;
  }
  const others = Math.max(0, stat.nattch - ours.length);
  const parts = [...ours];
  if (others > 0) parts.push(`${others} other ${others === 1 ? 'process' : 'processes'}`);
  return parts.length === 0
    ? 'no process (nattch 0)'
    : `${parts.join(' and ')} (nattch ${stat.nattch})`;
}

/** The owner in one phrase: 'uid 1000 (created by uid 1000, pid 4242)'. */
export function ownerText(stat: SegmentStat | null): string {
  if (stat === null) return 'an owner IPC_STAT would not show (EACCES)';
  return `uid ${stat.uid} (created by uid ${stat.cuid}, pid ${stat.cpid})`;
}

/** The sentence that introduces a foreign segment wherever the UI offers to act on it. */
export function foreignSummary(
  shmid: number,
  stat: SegmentStat | null,
  processes: Record<ProcessName, ProcessState>,
): string {
  return (
    `Segment ${shmid} was not created by ShmLab: it belongs to ${ownerText(stat)}. ` +
    `Attached now in ${attachedText(stat, shmid, processes)}.`
  );
}

/** The label of the explicit choice to attach a foreign segment read-write. */
export function writeAccessText(stat: SegmentStat | null): string {
  if (stat === null)
    return 'Write access to this segment, whose owner IPC_STAT will not show: attach it read-write';
  const attached = `${stat.nattch} ${stat.nattch === 1 ? 'process' : 'processes'}`;
  return `Write access to this segment of uid ${stat.uid} (created by pid ${stat.cpid}, attached in ${attached}): attach it read-write`;
}
