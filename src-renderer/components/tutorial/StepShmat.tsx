import type { ReactNode } from 'react';
import type { ProcessName, ProcessState } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { mapsLine } from '../diagram-text';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';

function PageSummary({ name }: { name: ProcessName }): ReactNode {
  const facts = useLabStore((s) => s.processes[name].facts);
  if (facts === null || facts.shmRegion === null) return null;
  const present = facts.pages.filter((page) => page.present).length;
  return (
    <li>
      <span className="mono">{mapsLine(facts.shmRegion)}</span>
      <br />
      In {name}: {present} of {facts.pages.length} page{facts.pages.length === 1 ? '' : 's'} have a
      page frame{present === 0 ? ' — none touched yet' : ''}.
    </li>
  );
}

export interface StepShmatProps {
  name: ProcessName;
  number: number;
}

/** Panes 3 and 4: shmat in A, then in B, at addresses the kernel picks. */
export function StepShmat({ name, number }: StepShmatProps): ReactNode {
  const segment = useLabStore((s) => s.segment);
  const state = useLabStore((s) => s.processes[name].state);
  const other = useLabStore((s) => s.processes[name === 'A' ? 'B' : 'A'].state);
  const outcome = useLabStore((s) => s.outcomes[`attach-${name}`]);
  const shmid = segment?.shmid;
  const code = [
    `/* in process ${name} (pid ${state.pid ?? '?'}) */`,
    `char *base = shmat(${shmid ?? 'shmid'}, NULL, 0);   /* NULL: the kernel picks */`,
    'if (base == (char *) -1)',
    '    perror("shmat");',
  ];
  const blocked =
    segment === null
      ? 'Create a segment in step 2 first.'
      : state.status !== 'running'
        ? `Process ${name} is not running; respawn it in its pane.`
        : state.attachment !== null
          ? `Process ${name} already has segment ${state.attachment.shmid} attached; detach it first.`
          : null;
  return (
    <StepFrame number={number} title={`shmat in ${name}`}>
      {name === 'A' ? (
        <p>
          <code>shmat</code> maps the segment into the calling process and returns the address of
          its first byte. With a NULL address the kernel chooses a free spot. The new region shows
          up in A’s map with the segment’s id as its inode and a <code>/SYSV…</code> name: it is
          shared memory backed by the kernel, not by a file.
        </p>
      ) : (
        <p>
          Now B attaches the same shmid. The kernel picks an address in B’s own address space, which
          need not match A’s. Both regions are views of one segment: the arrows meet at the same
          page frames. Attaching does not allocate memory: a page gets a frame the first time anyone
          touches it (demand paging), so right after shmat pages may have no frame yet.
        </p>
      )}
      <CodeBlock lines={code} running={2} label={`The shmat call in process ${name}`} />
      <button
        type="button"
        disabled={blocked !== null}
        onClick={() =>
          shmid !== undefined && void actions.attach(`attach-${name}`, { process: name, shmid })
        }
      >
        Run shmat in {name}
      </button>
      {blocked !== null ? <p className="muted">{blocked}</p> : null}
      <OutcomeView
        outcome={outcome}
        renderValue={(value) => {
          const attached = (value as ProcessState).attachment;
          return attached === null ? null : (
            <p>
              <code>shmat</code> returned <strong className="mono">{attached.address}</strong> in{' '}
              {name}.
              {name === 'B' && other.attachment !== null ? (
                <>
                  {' '}
                  A has the same segment at <span className="mono">{other.attachment.address}</span>
                  .
                </>
              ) : null}
            </p>
          );
        }}
      />
      <ul className="tutorial-step__facts">
        <PageSummary name="A" />
        {name === 'B' ? <PageSummary name="B" /> : null}
      </ul>
    </StepFrame>
  );
}
