// The one message a shmat pane shows. Before, a "detach first" note could sit above the green
// success of the very attach that made it true; now the pane says one thing, about the newest.
import type { ProcessName, ProcessState } from '../../../src-main/common/api';

export interface ShmatSituation {
  name: ProcessName;
  /** The tutorial's segment, or null before step 2. */
  shmid: number | null;
  /** The segment was created but IPC_STAT no longer finds it (removed, last detach done). */
  segmentGone: boolean;
  state: ProcessState;
  /** This pane's last shmat succeeded and its attachment is still the process's. */
  ownSuccess: boolean;
  /** This pane's last shmat failed. */
  lastFailed: boolean;
}

export type ShmatMessage =
  { kind: 'attached' } | { kind: 'blocked'; text: string } | { kind: 'failed' } | { kind: 'none' };

/** What the pane says, in order: its own success; why shmat cannot run; its last failure. */
export function shmatMessage(situation: ShmatSituation): ShmatMessage {
  const { name, shmid, state } = situation;
  if (situation.ownSuccess) return { kind: 'attached' };
  if (shmid === null) return { kind: 'blocked', text: 'Create a segment in step 2 first.' };
  if (state.status !== 'running') {
    return { kind: 'blocked', text: `Process ${name} is not running; respawn it in its pane.` };
  }
  if (state.attachment !== null) {
    return {
      kind: 'blocked',
      text: `Process ${name} already has segment ${state.attachment.shmid} attached (at ${state.attachment.address}); detach it first.`,
    };
  }
  if (situation.segmentGone) {
    return {
      kind: 'blocked',
      text: `Segment ${shmid} no longer exists: it was removed (IPC_RMID) and its last attachment is gone, so shmat would fail. Create a new segment in step 2.`,
    };
  }
  return situation.lastFailed ? { kind: 'failed' } : { kind: 'none' };
}
