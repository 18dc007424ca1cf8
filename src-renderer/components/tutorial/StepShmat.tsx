import type { ReactNode } from 'react';
import type { ProcessName } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { mapsLine } from '../diagram-text';
import { isCurrentAttach } from '../outcome-current';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';
import { StepResult } from './StepResult';
import { TouchPage } from './TouchPage';
import { recordCall } from './step-calls';
import { shmatMessage } from './shmat-message';

function PageSummary({ name }: { name: ProcessName }): ReactNode {
  const facts = useLabStore((s) => s.processes[name].facts);
  if (facts === null || facts.shmRegion === null) return null;
  const present = facts.pages.filter((page) => page.present).length;
  const read = facts.pages.length;
  const of = read < facts.pageCount ? `the first ${read} of ${facts.pageCount}` : `${read}`;
  return (
    <li>
      <span className="mono">{mapsLine(facts.shmRegion)}</span>
      <br />
      In {name}: {present} of {of} page{facts.pageCount === 1 ? '' : 's'} have an entry in its page
      table{present === 0 ? ' — none touched yet' : ''}.
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
  const stat = useLabStore((s) => s.stat);
  const state = useLabStore((s) => s.processes[name].state);
  const other = useLabStore((s) => s.processes[name === 'A' ? 'B' : 'A'].state);
  const key = `attach-${name}` as const;
  const outcome = useLabStore((s) => s.outcomes[key]);
  const shmid = segment?.shmid;
  const code = [
    `/* in process ${name} (pid ${state.pid ?? '?'}) */`,
    `char *base = shmat(${shmid ?? 'shmid'}, NULL, 0);`,
    '/* NULL: the kernel picks the address */',
    'if (base == (char *) -1)',
    '    perror("shmat");',
  ];
  // One message: this pane's own success while it still holds, else why shmat cannot run now,
  // else the answer to the last attempt.
  const message = shmatMessage({
    name,
    shmid: shmid ?? null,
    segmentGone: segment !== null && stat === null,
    state,
    ownSuccess: outcome?.ok === true && isCurrentAttach(outcome.value, state),
    lastFailed: outcome?.ok === false,
  });
  return (
    <StepFrame number={number} title={`shmat in ${name}`}>
      {name === 'A' ? (
        <>
          <p>
            <code>shmat</code> maps the segment into the calling process and returns the address of
            its first byte. With a NULL address the kernel chooses a free spot. The new region shows
            up in A’s map (below) with the shmid as its inode and a <code>/SYSV…</code> name.
          </p>
          <p>
            Both come from how the kernel keeps a segment: its memory is a file on the kernel’s own
            shared-memory filesystem, a mount that no directory shows. <code>shmget</code> named
            that file <code>SYSV</code> and the key in eight hex digits (<code>SYSV00000000</code>{' '}
            for IPC_PRIVATE) and gave it the shmid as its inode number. The file was never linked
            into any directory, so the kernel prints <code>(deleted)</code> after its name from the
            moment <code>shmget</code> made it: it says nothing about <code>IPC_RMID</code>.
          </p>
        </>
      ) : (
        <p>
          Now B attaches the same shmid. The kernel picks an address in B’s own address space, which
          need not match A’s. Both regions are views of one segment. Attaching maps no page yet: a
          page enters a process’s page table the first time that process touches it (demand paging),
          so right after shmat there are no arrows. Touch a page below and they appear.
        </p>
      )}
      <CodeBlock lines={code} running={2} label={`The shmat call in process ${name}`} />
      <button
        type="button"
        disabled={message.kind === 'blocked' || message.kind === 'attached'}
        onClick={() => {
          if (shmid === undefined) return;
          recordCall(key, [`shmat(${shmid}, NULL, 0) in ${name}`]);
          void actions.attach(key, { process: name, shmid });
        }}
      >
        Run shmat in {name}
      </button>
      {message.kind === 'blocked' ? <p className="muted">{message.text}</p> : null}
      {message.kind === 'attached' || message.kind === 'failed' ? (
        <StepResult
          callKey={key}
          outcome={outcome}
          renderValue={(value) => {
            const attached = value.attachment;
            return attached === null ? null : (
              <p>
                <code>shmat</code> returned <strong className="mono">{attached.address}</strong> in{' '}
                {name}.
                {name === 'B' && other.attachment !== null ? (
                  <>
                    {' '}
                    A has the same segment at{' '}
                    <span className="mono">{other.attachment.address}</span>.
                  </>
                ) : null}
              </p>
            );
          }}
        />
      ) : null}
      <ul className="tutorial-step__facts">
        <PageSummary name="A" />
        {name === 'B' ? <PageSummary name="B" /> : null}
      </ul>
      {name === 'B' ? <TouchPage /> : null}
    </StepFrame>
  );
}
