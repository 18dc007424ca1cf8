import type { ReactNode } from 'react';
import type { ProcessName } from '../../../../src-main/common/api';
import { syncActions, useLabStore, useSyncStore } from '../../../store/lab-store';

export interface SemopButtonsProps {
  name: ProcessName;
  undo: boolean;
}

/** P() and V() made by `name` itself on semaphore 0 of the lab's set (and cancel while it waits). */
export function SemopButtons({ name, undo }: SemopButtonsProps): ReactNode {
  const set = useSyncStore((s) => s.set);
  const stat = useSyncStore((s) => s.stat);
  const wait = useSyncStore((s) => s.waits[name]);
  const state = useLabStore((s) => s.processes[name].state);
  const waiting = wait !== null && wait.pid === state.pid;
  const usable = set !== null && stat !== null && state.status === 'running';
  const flag = undo ? ', SEM_UNDO' : '';
  return (
    <div className="tutorial-step__buttons">
      <button
        type="button"
        disabled={!usable || waiting}
        onClick={() => void syncActions.semop(name, 'P', undo)}
      >
        {`${name}: P()${flag}`}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={!usable || waiting}
        onClick={() => void syncActions.semop(name, 'V', undo)}
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
  );
}
