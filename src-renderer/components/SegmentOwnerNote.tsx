import type { ReactNode } from 'react';
import { explainError } from '../../src-main/common/errno-text';
import { useLabStore } from '../store/lab-store';
import type { SegmentOwnership } from '../store/segment-ownership';
import { foreignSummary } from './segment-owner-text';

export interface SegmentOwnerNoteProps {
  shmid: number;
  ownership: SegmentOwnership;
}

/**
 * What the attach form says about the id typed into it before anything is sent: another
 * program's segment (whose, and who has it attached), or no segment at all.
 */
export function SegmentOwnerNote({ shmid, ownership }: SegmentOwnerNoteProps): ReactNode {
  const processA = useLabStore((s) => s.processes.A.state);
  const processB = useLabStore((s) => s.processes.B.state);
  if (ownership.kind === 'foreign') {
    return (
      <p role="note" className="pane-field__note segment-owner-note segment-owner-note--foreign">
        {foreignSummary(shmid, ownership.stat, { A: processA, B: processB })} ShmLab attaches it
        read-only (SHM_RDONLY) unless you choose write access.
      </p>
    );
  }
  if (ownership.kind === 'missing') {
    return (
      <p role="note" className="pane-field__error segment-owner-note">
        {`IPC_STAT of ${shmid}: ${ownership.error?.code ?? 'gone'}. `}
        {explainError('E_NO_SUCH_SEGMENT')}
      </p>
    );
  }
  return null;
}
