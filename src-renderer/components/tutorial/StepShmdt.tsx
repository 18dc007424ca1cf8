import type { ReactNode } from 'react';
import type { ProcessName } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';

function DetachButton({ name }: { name: ProcessName }): ReactNode {
  const attachment = useLabStore((s) => s.processes[name].state.attachment);
  const outcome = useLabStore((s) => s.outcomes[`detach-${name}`]);
  return (
    <div>
      <button
        type="button"
        disabled={attachment === null}
        onClick={() => void actions.detach(`detach-${name}`, name)}
      >
        Run shmdt in {name}
      </button>
      <OutcomeView outcome={outcome} renderValue={() => <p>shmdt returned 0 in {name}.</p>} />
    </div>
  );
}

/** Pane 7: detaching removes the mapping, not the segment. */
export function StepShmdt(): ReactNode {
  const stat = useLabStore((s) => s.stat);
  const segment = useLabStore((s) => s.segment);
  const regionA = useLabStore((s) => s.processes.A.facts?.shmRegion ?? null);
  const regionB = useLabStore((s) => s.processes.B.facts?.shmRegion ?? null);
  return (
    <StepFrame number={7} title="shmdt: detach">
      <p>
        <code>shmdt(base)</code> removes the mapping from the calling process only. The region
        leaves that process’s map and the attach count (<code>shm_nattch</code>) drops by one, but
        the segment and its bytes stay in the kernel: attach it again and the data is still there.
      </p>
      <CodeBlock
        lines={[
          '/* base: what shmat returned */',
          'if (shmdt(base) == -1)',
          '    perror("shmdt");',
        ]}
        running={2}
        label="The shmdt call"
      />
      <div className="tutorial-step__buttons">
        <DetachButton name="A" />
        <DetachButton name="B" />
      </div>
      <ul className="tutorial-step__facts">
        <li>
          Segment {segment?.shmid ?? '—'}:{' '}
          {stat === null ? (
            'gone'
          ) : (
            <>
              nattch = <strong>{stat.nattch}</strong> (IPC_STAT, now)
            </>
          )}
        </li>
        <li>
          In A’s maps:{' '}
          {regionA === null ? (
            'no /SYSV region'
          ) : (
            <span className="mono">
              {regionA.path} at {regionA.start}
            </span>
          )}
        </li>
        <li>
          In B’s maps:{' '}
          {regionB === null ? (
            'no /SYSV region'
          ) : (
            <span className="mono">
              {regionB.path} at {regionB.start}
            </span>
          )}
        </li>
      </ul>
    </StepFrame>
  );
}
