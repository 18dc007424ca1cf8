import type { ReactNode } from 'react';
import { formatKey, formatOctal } from '../../geometry/ipcs-format';
import { actions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { ShmctlButton } from '../ShmctlButton';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';

/** Pane 8: IPC_RMID marks the segment for destruction; it goes with the last detach. */
export function StepRmid(): ReactNode {
  const segment = useLabStore((s) => s.segment);
  const stat = useLabStore((s) => s.stat);
  const outcome = useLabStore((s) => s.outcomes.rmid);
  const gone = segment !== null && stat === null;
  return (
    <StepFrame number={8} title="shmctl IPC_RMID: remove">
      <p>
        A segment outlives every process that used it until someone removes it. <code>shmctl</code>{' '}
        with <code>IPC_RMID</code> marks it for destruction: its key becomes private (0) so no one
        can find it by key any more, and <code>SHM_DEST</code> is set in its mode. While processes
        still have it attached it stays alive and usable; the kernel frees it after the last{' '}
        <code>shmdt</code> (or the last attached process exits).
      </p>
      <CodeBlock
        lines={[
          `if (shmctl(${segment?.shmid ?? 'shmid'}, IPC_RMID, NULL) == -1)`,
          '    perror("shmctl");',
        ]}
        running={1}
        label="The shmctl IPC_RMID call"
      />
      <ShmctlButton
        shmid={segment?.shmid ?? null}
        command="IPC_RMID"
        disabled={gone}
        onRun={(confirmForeign) =>
          segment !== null &&
          void actions.removeSegment('rmid', { shmid: segment.shmid, confirmForeign })
        }
      >
        Run shmctl IPC_RMID
      </ShmctlButton>
      <OutcomeView outcome={outcome} renderValue={() => <p>shmctl returned 0.</p>} />
      <FreshSegment needs="segment" />
      <ul className="tutorial-step__facts">
        {segment === null ? (
          <li>No segment yet: create one in step 2.</li>
        ) : stat === null ? (
          <li>
            Segment {segment.shmid} is gone: IPC_STAT now fails, and <code>/proc/sysvipc/shm</code>{' '}
            no longer lists it.
          </li>
        ) : (
          <>
            <li>
              key = <span className="mono">{formatKey(stat.key)}</span>
              {stat.dest ? ' (private now)' : ''}, mode ={' '}
              <span className="mono">{formatOctal(stat.mode)}</span>
            </li>
            <li>
              SHM_DEST: <strong>{stat.dest ? 'set — marked for destruction' : 'not set'}</strong>;
              nattch = <strong>{stat.nattch}</strong>
              {stat.dest && stat.nattch > 0 ? ' — alive until the last detach (step 7)' : ''}
            </li>
          </>
        )}
      </ul>
    </StepFrame>
  );
}
