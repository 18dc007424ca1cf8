import { useState } from 'react';
import type { ReactNode } from 'react';
import { syncActions, useLabStore, useSyncStore } from '../../../store/lab-store';
import { OutcomeView } from '../../OutcomeView';
import { ForeignSetConfirm } from './ForeignSetConfirm';
import { useForeignSet } from './useForeignSet';

export interface FreshSemaphoreProps {
  /** The value semaphore 0 should hold before the pane starts (1: the lock is free). */
  wants?: number;
}

/**
 * The way forward when a pane needs the lab's semaphore set: makes one (semget IPC_PRIVATE, one
 * semaphore, SETVAL 1) when there is none or it is gone; offers SETVAL back to `wants` when the
 * lock is left taken and nobody waits.
 */
export function FreshSemaphore({ wants = 1 }: FreshSemaphoreProps): ReactNode {
  const set = useSyncStore((s) => s.set);
  const stat = useSyncStore((s) => s.stat);
  const statError = useSyncStore((s) => s.statError);
  const waits = useSyncStore((s) => s.waits);
  const made = useLabStore((s) => s.outcomes.semget);
  const reset = useLabStore((s) => s.outcomes.setval);
  const gone = set !== null && stat === null && statError !== null;
  const foreign = useForeignSet();
  // The set whose SETVAL the learner was asked about (another program's), while it is open.
  const [asking, setAsking] = useState<number | null>(null);
  if (set === null || gone) {
    return (
      <section className="fresh-segment" aria-label="Fresh semaphore set">
        <p>
          {set === null
            ? 'This step needs a semaphore set, and there is none yet.'
            : `Semaphore set ${set.semid} is gone.`}{' '}
          The button runs <code>semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)</code> in the ShmLab host,
          then <code>semctl(semid, 0, SETVAL, 1)</code>: one semaphore, free.
        </p>
        <button
          type="button"
          onClick={() =>
            void syncActions.createSemaphore({
              key: 0,
              nsems: 1,
              create: true,
              exclusive: false,
              mode: 0o600,
              initial: 1,
            })
          }
        >
          Make a semaphore set (value 1)
        </button>
        <OutcomeView outcome={made?.ok === false ? made : undefined} renderValue={() => null} />
      </section>
    );
  }
  const sem = stat?.sems[0];
  const someoneWaits = waits.A !== null || waits.B !== null || (sem?.semncnt ?? 0) > 0;
  if (sem === undefined || sem.semval === wants || someoneWaits) {
    return (
      <OutcomeView outcome={reset?.ok === false ? reset : undefined} renderValue={() => null} />
    );
  }
  return (
    <section className="fresh-segment" aria-label="Reset the semaphore">
      <p>
        Semaphore 0 of set {set.semid} is {sem.semval}; this step starts from {wants}
        {wants === 1 ? ' (free)' : ''}. The button runs{' '}
        <code>
          semctl({set.semid}, 0, SETVAL, {wants})
        </code>{' '}
        in the ShmLab host.
      </p>
      <button
        type="button"
        onClick={() =>
          foreign === null ? void syncActions.setValue(wants) : setAsking(foreign.semid)
        }
      >
        Set semaphore 0 to {wants} (SETVAL)
      </button>
      {foreign !== null && asking === foreign.semid ? (
        <ForeignSetConfirm
          foreign={foreign}
          change={{ command: 'SETVAL', value: wants }}
          onAnswer={(confirmed) => {
            setAsking(null);
            if (confirmed) void syncActions.setValue(wants, asking);
          }}
        />
      ) : null}
      <OutcomeView outcome={reset?.ok === false ? reset : undefined} renderValue={() => null} />
    </section>
  );
}
