import { useState } from 'react';
import type { ReactNode } from 'react';
import { actions, syncActions, useLabStore, useSyncStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';
import { pvSample } from './sync/c-samples';
import { FreshSemaphore } from './sync/FreshSemaphore';
import { SemaphorePanel } from './sync/SemaphorePanel';
import { SemopButtons } from './sync/SemopButtons';
import { SemopStatus } from './sync/SemopStatus';
import { undoVerdict, wokeAfterKill } from './sync/undo-model';
import './sync/sync.css';

/** Pane 14: a process dies holding the lock; SEM_UNDO decides whether the other one is stuck. */
export function StepUndo(): ReactNode {
  const [undo, setUndo] = useState(false);
  const a = useLabStore((s) => s.processes.A.state);
  const b = useLabStore((s) => s.processes.B.state);
  const segment = useLabStore((s) => s.segment);
  const segmentStat = useLabStore((s) => s.stat);
  const killed = useLabStore((s) => s.outcomes['kill-A']);
  const respawned = useLabStore((s) => s.outcomes['respawn-A']);
  const attached = useLabStore((s) => s.outcomes['attach-A']);
  const stat = useSyncStore((s) => s.stat);
  const waitB = useSyncStore((s) => s.waits.B);
  const endB = useSyncStore((s) => s.ends.B);
  const killSent = useSyncStore((s) => s.killSent.A);
  const verdict = undoVerdict({
    a,
    bWaiting: waitB !== null && waitB.pid === b.pid,
    bWoke: wokeAfterKill(endB, b.pid, killSent),
    stat,
  });
  const canAttach =
    a.status === 'running' && a.attachment === null && segment !== null && segmentStat !== null;
  return (
    <StepFrame number={14} title="Why SEM_UNDO">
      <p>
        A process that dies between P() and V() never gives the lock back, and whoever waits for it
        waits for ever. With the <code>SEM_UNDO</code> flag, the kernel records each operation in
        the process&apos;s undo list and, when the process exits for whatever reason (even SIGKILL,
        which nothing can catch), applies the opposite.
      </p>
      <label className="tutorial-form">
        <input type="checkbox" checked={undo} onChange={(event) => setUndo(event.target.checked)} />
        SEM_UNDO on the P() and V() below
      </label>
      <CodeBlock lines={pvSample(undo)} running={6} label="P and V, with or without SEM_UNDO" />
      <p>
        Try: P() in A, then P() in B (B waits), then kill A with SIGKILL. Once without SEM_UNDO and
        once with it.
      </p>
      <FreshSemaphore />
      <div className="sync-columns">
        <section className="sync-process" data-process="A" aria-label="A's semaphore calls">
          <h3>
            A ·{' '}
            {a.status !== 'exited'
              ? a.status
              : a.signal === null
                ? `exited (code ${a.exitCode ?? '?'})`
                : `killed by ${a.signal}`}
          </h3>
          <SemopButtons name="A" undo={undo} />
          <div className="tutorial-step__buttons">
            <button
              type="button"
              disabled={a.status !== 'running'}
              onClick={() => void syncActions.kill('A')}
            >
              Kill A (SIGKILL)
            </button>
            <button
              type="button"
              className="secondary"
              disabled={a.status !== 'exited'}
              onClick={() => void actions.respawn('respawn-A', 'A')}
            >
              Respawn A
            </button>
            {canAttach ? (
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  void actions.attach('attach-A', { process: 'A', shmid: segment.shmid })
                }
              >
                {`Attach segment ${segment.shmid} in A again`}
              </button>
            ) : null}
          </div>
          <OutcomeView
            outcome={killed}
            renderValue={(state) => (
              <p>
                kill(pid, SIGKILL) sent: A (pid {state.pid}){' '}
                {state.signal === null
                  ? `exited with code ${state.exitCode ?? '?'}`
                  : `was killed by ${state.signal}`}
                .
              </p>
            )}
          />
          <OutcomeView
            outcome={respawned}
            renderValue={(state) => <p>A runs again as pid {state.pid}, with nothing attached.</p>}
          />
          <OutcomeView
            outcome={attached?.ok === true && attached.value.pid === a.pid ? attached : undefined}
            renderValue={(state) => (
              <p>
                shmat returned {state.attachment?.address ?? '?'} in A (pid {state.pid}).
              </p>
            )}
          />
        </section>
        <section className="sync-process" data-process="B" aria-label="B's semaphore calls">
          <h3>B · {b.status}</h3>
          <SemopButtons name="B" undo={undo} />
        </section>
      </div>
      <SemopStatus name="A" />
      <SemopStatus name="B" />
      {verdict === null ? null : (
        <div
          role="status"
          aria-label="What the kill did"
          className={verdict.deadlock ? 'sync-note sync-note--alarm' : 'sync-note sync-note--ok'}
        >
          <p>{verdict.text}</p>
        </div>
      )}
      <SemaphorePanel />
    </StepFrame>
  );
}
