import type { SemaphoreSetStat } from '../../../../src-main/common/api';
import { useSyncStore } from '../../../store/lab-store';
import { useMachineStore } from '../../../store/machine-store';

/** The panes' set when this Lab did not create it, with what its confirmation names. */
export interface ForeignSet {
  semid: number;
  /** The set's last IPC_STAT (semget's own when none came since). */
  stat: SemaphoreSetStat;
  /** Its owner's user name, when the machine view's last snapshot listed the set; else null. */
  user: string | null;
}

/**
 * The panes' set if it is foreign (`owned` false: semget opened another program's set), else
 * null: every change the panes make to a foreign set asks first (ForeignSetConfirm).
 */
export function useForeignSet(): ForeignSet | null {
  const set = useSyncStore((s) => s.set);
  const stat = useSyncStore((s) => s.stat);
  const semid = set?.semid ?? null;
  const user = useMachineStore(
    (s) => s.snapshot?.semaphoreSets.find((row) => row.semid === semid)?.user ?? null,
  );
  if (set === null || set.owned) return null;
  return { semid: set.semid, stat: stat?.semid === set.semid ? stat : set.stat, user };
}
