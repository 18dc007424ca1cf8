import { useState } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../../../src-main/common/api';
import { syncActions, useLabStore, useSyncStore } from '../../../store/lab-store';
import type { ProgramName, ProgramOp } from '../../../store/sync-programs';
import {
  PROGRAMS,
  cursorIndex,
  lostUpdateText,
  storyOf,
  storySummary,
} from '../../../store/sync-programs';
import { COUNTER_OFFSET } from '../../../store/sync-state';
import { OutcomeView } from '../../OutcomeView';
import { u32InView } from './counter-view';
import { ForeignSetConfirm } from './ForeignSetConfirm';
import { useForeignSet } from './useForeignSet';
import { waitingText } from './semop-text';

/** Each instruction as the learner reads it, beside the button that runs it. */
const OP_TEXT: Record<ProgramOp, string> = {
  P: 'P(): semop −1',
  load: 'reg = *counter',
  add: 'reg = reg + 1',
  store: '*counter = reg',
  V: 'V(): semop +1',
};

interface ColumnProps {
  program: ProgramName;
  name: ProcessName;
  ready: boolean;
}

function ProcessColumn({ program, name, ready }: ColumnProps): ReactNode {
  const state = useLabStore((s) => s.processes[name].state);
  const memory = useLabStore((s) => s.processes[name].memory);
  const memoryOffset = useLabStore((s) => s.processes[name].memoryOffset);
  const stepOutcome = useLabStore((s) => s.outcomes[`step-${name}`]);
  const semopOutcome = useLabStore((s) => s.outcomes[`semop-${name}`]);
  const cursor = useSyncStore((s) => s.cursors[program][name]);
  const wait = useSyncStore((s) => s.waits[name]);
  const stat = useSyncStore((s) => s.stat);
  const index = cursorIndex(cursor, state.pid);
  const ops = PROGRAMS[program];
  const next = ops[index] ?? 'load';
  const lastStep = stepOutcome?.ok === true ? stepOutcome.value : null;
  // The register is the child's own variable; shown as its last step reported it.
  const register = lastStep === null ? null : lastStep.register;
  const fromView = u32InView(memory, memoryOffset, COUNTER_OFFSET);
  const counter = fromView ?? lastStep?.counter ?? null;
  const waiting = wait !== null && wait.pid === state.pid;
  const failed =
    stepOutcome?.ok === false ? stepOutcome : semopOutcome?.ok === false ? semopOutcome : undefined;
  const foreign = useForeignSet();
  // The set whose P()/V() the learner was asked about (another program's), while it is open.
  const [asking, setAsking] = useState<number | null>(null);
  const usable = ready && !waiting && state.status === 'running';
  const semop = next === 'P' || next === 'V' ? next : null;
  const step = (): void => {
    if (semop !== null && foreign !== null) setAsking(foreign.semid);
    else void syncActions.step(program, name);
  };
  return (
    <section className="sync-process" data-process={name} aria-label={`${name}'s instructions`}>
      <h3>
        {name}
        {state.pid === null ? '' : ` · pid ${state.pid}`}
      </h3>
      <ol className="sync-process__program" aria-label={`${name}'s program`}>
        {ops.map((op, i) => (
          <li key={op} aria-current={i === index ? 'step' : undefined}>
            {OP_TEXT[op]}
          </li>
        ))}
      </ol>
      <dl className="sync-process__facts">
        <div>
          <dt>{name}&apos;s register</dt>
          <dd data-field={`register-${name}`}>{register === null ? 'empty' : register}</dd>
        </div>
        <div>
          <dt>counter as {name} reads it</dt>
          <dd data-field={`counter-${name}`}>{counter === null ? '–' : counter}</dd>
        </div>
      </dl>
      <button type="button" disabled={!usable} onClick={step}>
        {`Step ${name}: ${next}`}
      </button>
      {usable && semop !== null && foreign !== null && asking === foreign.semid ? (
        <ForeignSetConfirm
          foreign={foreign}
          change={{ command: 'semop', process: name, op: semop, undo: false }}
          onAnswer={(confirmed) => {
            setAsking(null);
            if (confirmed) void syncActions.step(program, name, asking);
          }}
        />
      ) : null}
      {waiting && wait.program === program ? (
        <p role="status" className="sync-note">
          {waitingText(name, wait.thread, stat)}
        </p>
      ) : waiting ? (
        <p className="muted">
          {name} is waiting in a semop made above; it steps once that returns.
        </p>
      ) : null}
      <OutcomeView outcome={failed} renderValue={() => null} />
    </section>
  );
}

export interface ProgramStepperProps {
  program: ProgramName;
  /** Whether the processes can step (a segment attached in both; a set for P and V). */
  ready: boolean;
}

/**
 * A and B side by side, each with its program, its register and the counter as it reads it;
 * one button per process runs its next instruction for real in that process. Below, what the
 * stores did to the counter since the last reset.
 */
export function ProgramStepper({ program, ready }: ProgramStepperProps): ReactNode {
  const log = useSyncStore((s) => s.logs[program]);
  const start = useSyncStore((s) => s.starts[program]);
  const zero = useLabStore((s) => s.outcomes['step-zero']);
  const story = storyOf(log);
  const summary = storySummary(story, start);
  const lost = story.lostUpdates.length > 0;
  return (
    <div>
      <div className="sync-columns">
        <ProcessColumn program={program} name="A" ready={ready} />
        <ProcessColumn program={program} name="B" ready={ready} />
      </div>
      <div className="tutorial-step__buttons">
        <button
          type="button"
          className="secondary"
          disabled={!ready}
          onClick={() => void syncActions.resetProgram(program)}
        >
          Reset: counter = 0, registers empty
        </button>
      </div>
      <OutcomeView outcome={zero?.ok === false ? zero : undefined} renderValue={() => null} />
      {start !== null && log.length === 0 ? (
        <p role="status" className="muted">
          Reset: A wrote 0 to the counter and both registers are empty; B reads the counter as{' '}
          {start}.
        </p>
      ) : null}
      {summary === null && !lost ? null : (
        <div
          role="status"
          className={lost ? 'sync-story' : 'sync-story sync-story--none-lost'}
          aria-label={`What happened to the counter (${program === 'plain' ? 'no lock' : 'with the semaphore'})`}
        >
          {story.lostUpdates.map((update, i) => (
            <p key={i}>{lostUpdateText(update)}</p>
          ))}
          {summary === null ? null : (
            <p>
              <strong>{summary}</strong>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
