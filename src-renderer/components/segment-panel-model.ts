// Which segments the segment panel shows, and what it says about who uses each.
import type { ProcessName } from '../../src-main/common/api';
import type { LabStoreState } from '../store/store-state';

/**
 * The tutorial's segment first, then each segment A or B has attached that is not it: the panel
 * follows what the processes really map, not only what shmget returned.
 */
export function panelShmids(state: Pick<LabStoreState, 'segment' | 'processes'>): number[] {
  const ids = [
    state.segment?.shmid,
    state.processes.A.state.attachment?.shmid,
    state.processes.B.state.attachment?.shmid,
  ];
  return [...new Set(ids.filter((id): id is number => id !== undefined))];
}

/** 'attached in A and B', 'attached in B', 'not attached in A or B'. */
export function usedByText(
  shmid: number,
  state: Pick<LabStoreState, 'processes'>,
  names: readonly ProcessName[] = ['A', 'B'],
): string {
  const users = names.filter((name) => state.processes[name].state.attachment?.shmid === shmid);
  return users.length === 0 ? 'not attached in A or B' : `attached in ${users.join(' and ')}`;
}

/** Parses an IPC_SET mode typed as octal ('640', '0640', '0o640'); null when it is not one. */
export function parseModeText(text: string): number | null {
  const match = /^\s*(?:0o?)?([0-7]{1,3})\s*$/i.exec(text);
  return match === null ? null : Number.parseInt(match[1]!, 8);
}
