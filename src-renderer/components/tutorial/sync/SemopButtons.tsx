import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../../../src-main/common/api';
import { syncActions, useLabStore, useSyncStore } from '../../../store/lab-store';
import { ForeignSetConfirm } from './ForeignSetConfirm';
import { useForeignSet } from './useForeignSet';

export interface SemopButtonsProps {
  name: ProcessName;
  undo: boolean;
}

/**
 * P() and V() made by `name` itself on semaphore 0 of the lab's set (and cancel while it waits).
 * On a set this Lab did not create, each first asks (ForeignSetConfirm).
 */
export function SemopButtons({ name, undo }: SemopButtonsProps): ReactNode {
  const set = useSyncStore((s) => s.set);
  const stat = useSyncStore((s) => s.stat);
  const wait = useSyncStore((s) => s.waits[name]);
  const state = useLabStore((s) => s.processes[name].state);
  const foreign = useForeignSet();
  // The operation whose confirmation is open, and the set it was asked for.
  const [asking, setAsking] = useState<{ op: 'P' | 'V'; semid: number } | null>(null);
  const waiting = wait !== null && wait.pid === state.pid;
  const usable = set !== null && stat !== null && state.status === 'running';
  const flag = undo ? ', SEM_UNDO' : '';
  const press = (op: 'P' | 'V'): void => {
    if (foreign === null) void syncActions.semop(name, op, undo);
    else setAsking({ op, semid: foreign.semid });
  };
  // A question about another set (semget since) or about a process that cannot act is dropped.
  const open = usable && !waiting ? asking : null;
  return (
    <>
      <div className="tutorial-step__buttons">
        <button type="button" disabled={!usable || waiting} onClick={() => press('P')}>
          {`${name}: P()${flag}`}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!usable || waiting}
          onClick={() => press('V')}
        >
          {`${name}: V()${flag}`}
        </button>
        {waiting ? (
          <button
            type="button"
            className="secondary"
            onClick={() => void syncActions.cancelSemop(name)}
          >
            {`Cancel ${name}'s wait`}
          </button>
        ) : null}
      </div>
      {open !== null && foreign !== null && foreign.semid === open.semid ? (
        <ForeignSetConfirm
          key={open.op}
          foreign={foreign}
          change={{ command: 'semop', process: name, op: open.op, undo }}
          onAnswer={(confirmed) => {
            setAsking(null);
            if (confirmed) void syncActions.semop(name, open.op, undo, null, open.semid);
          }}
        />
      ) : null}
    </>
  );
}
