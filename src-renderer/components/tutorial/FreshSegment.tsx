import type { ReactNode } from 'react';
import { explainError } from '../../../src-main/common/errno-text';
import { useLabStore } from '../../store/lab-store';
import { errorDetail } from '../outcome-text';
import type { FreshLogEntry } from './fresh-segment-plan';
import { freshNeed, freshSegmentPlan, segmentNeed } from './fresh-segment-plan';
import { runFreshSegment, useFreshSegmentRun } from './fresh-segment';

export interface FreshSegmentProps {
  /**
   * What the step needs: 'attached', one segment attached read-write in A and B (steps 5, 6
   * and 9); 'segment', a segment that still exists (step 8).
   */
  needs: 'attached' | 'segment';
}

function LogEntry({ entry }: { entry: FreshLogEntry }): ReactNode {
  const { result } = entry;
  if (result === null) {
    return (
      <li>
        <code>{entry.call}</code> {entry.where} …
      </li>
    );
  }
  if (result.ok) {
    return (
      <li>
        <code>{entry.call}</code> {entry.where} → <strong className="mono">{result.text}</strong>
      </li>
    );
  }
  const detail = errorDetail(result.error);
  return (
    <li className="fresh-segment__error">
      <code>{entry.call}</code> {entry.where} → failed: <code>{result.error.code}</code>
      {detail === null ? '' : ` (${detail})`}.{' '}
      {explainError(result.error.code, result.error.syscall)}
    </li>
  );
}

/**
 * The way forward when a step needs a segment attached in both processes and there is none (for
 * example after IPC_RMID in step 8): one button that runs steps 2 to 4 again, and the syscalls it
 * ran with what each returned. The list stays while A and B still have what it attached.
 */
export function FreshSegment({ needs }: FreshSegmentProps): ReactNode {
  // The states only: the processes' bytes change far more often and are not used here.
  const stateA = useLabStore((s) => s.processes.A.state);
  const stateB = useLabStore((s) => s.processes.B.state);
  const processes = { A: { state: stateA }, B: { state: stateB } };
  const segment = useLabStore((s) => s.segment);
  const stat = useLabStore((s) => s.stat);
  const { needed, why } =
    needs === 'attached'
      ? freshNeed(segment, stat, processes.A.state, processes.B.state)
      : segmentNeed(segment, stat);
  const pageSize = useLabStore((s) => s.system?.pageSize ?? null);
  const run = useFreshSegmentRun();
  const a = processes.A.state.attachment;
  const b = processes.B.state.attachment;
  const stillAttached =
    run.attached !== null && a?.address === run.attached.A && b?.address === run.attached.B;
  const log =
    run.entries.length === 0 ? null : (
      <ol className="fresh-segment__log" aria-label="What the fresh segment action ran">
        {run.entries.map((entry, index) => (
          <LogEntry key={index} entry={entry} />
        ))}
      </ol>
    );
  if (!needed) {
    if (!stillAttached || log === null) return null;
    return (
      <section className="fresh-segment" aria-label="Fresh segment">
        <p role="status">A fresh segment is attached in A and B; this is what ran:</p>
        {log}
      </section>
    );
  }
  const stopped = (['A', 'B'] as const).filter(
    (name) => processes[name].state.status !== 'running',
  );
  const blocked =
    pageSize === null
      ? 'Waiting for the Lab…'
      : stopped.length > 0
        ? `Process ${stopped.join(' and ')} is not running: respawn it in its pane first.`
        : null;
  const start = (): void => {
    if (pageSize === null) return;
    const steps = freshSegmentPlan(
      { A: processes.A.state, B: processes.B.state },
      segment,
      pageSize,
    );
    void runFreshSegment(steps);
  };
  return (
    <section className="fresh-segment" aria-label="Fresh segment">
      <p>
        {why}{' '}
        {needs === 'attached'
          ? 'This step needs one segment attached read-write in A and in B.'
          : 'This step needs a segment that exists; attached in A and B, it shows IPC_RMID waiting for the last detach.'}{' '}
        The button below does steps 2 to 4 again in one go: it detaches whatever A or B still has
        attached, creates a new private segment with <code>shmget</code> (in the ShmLab host, as in
        step 2), and attaches it with <code>shmat</code> in A, then in B.
      </p>
      <button type="button" disabled={run.running || blocked !== null} onClick={start}>
        Make a fresh segment and attach it in A and B
      </button>
      {blocked !== null ? <p className="muted">{blocked}</p> : null}
      {log}
    </section>
  );
}
