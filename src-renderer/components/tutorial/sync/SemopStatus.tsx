import { useCallback } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../../../src-main/common/api';
import { useLiveRefresh } from '../../../hooks/useLiveRefresh';
import { syncActions, useLabStore, useSyncStore } from '../../../store/lab-store';
import { OutcomeView } from '../../OutcomeView';
import { doneText, endText, waitingText } from './semop-text';

/** How often a waiting thread's /proc state is re-read while it is shown. */
const THREAD_REFRESH_MS = 500;

function ThreadPoll({ name }: { name: ProcessName }): ReactNode {
  const read = useCallback(() => void syncActions.readThread(name), [name]);
  useLiveRefresh(read, THREAD_REFRESH_MS);
  return null;
}

/**
 * Where `name`'s last semop stands, from the kernel: returned at once, waiting (its thread's
 * state from /proc, semncnt from the set), or ended later by itself, cancelled, failed or dead
 * (semopFinished). Only the newest of the answer and the event is shown.
 */
export function SemopStatus({ name }: { name: ProcessName }): ReactNode {
  const pid = useLabStore((s) => s.processes[name].state.pid);
  const outcome = useLabStore((s) => s.outcomes[`semop-${name}`]);
  const cancel = useLabStore((s) => s.outcomes[`cancel-semop-${name}`]);
  const wait = useSyncStore((s) => s.waits[name]);
  const end = useSyncStore((s) => s.ends[name]);
  const stat = useSyncStore((s) => s.stat);
  const waiting = wait !== null && wait.pid === pid;
  let body: ReactNode = null;
  if (waiting) {
    body = (
      <div role="status" className="sync-note sync-note--alarm" aria-label={`${name}'s semop`}>
        <ThreadPoll name={name} />
        <p>{waitingText(name, wait.thread, stat)}</p>
      </div>
    );
  } else if (
    end !== null &&
    end.pid === pid &&
    (outcome === undefined ||
      end.seq > outcome.seq ||
      (outcome.ok && outcome.value.status === 'waiting'))
  ) {
    body = (
      <div role="status" className="sync-note sync-note--ok" aria-label={`${name}'s semop`}>
        <p>{endText(end.event)}</p>
      </div>
    );
  } else if (outcome?.ok === true && outcome.value.status === 'done') {
    body = (
      <div role="status" className="sync-note" aria-label={`${name}'s semop`}>
        <p>{doneText(outcome.value)}</p>
      </div>
    );
  } else if (outcome?.ok === false) {
    body = <OutcomeView outcome={outcome} renderValue={() => null} />;
  }
  return (
    <>
      {body}
      <OutcomeView outcome={cancel?.ok === false ? cancel : undefined} renderValue={() => null} />
    </>
  );
}
