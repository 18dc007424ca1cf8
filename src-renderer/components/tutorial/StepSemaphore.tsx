import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { SemaphoreSetInfo } from '../../../src-main/common/api';
import { syncActions, useLabStore, useSyncStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';
import { StepResult } from './StepResult';
import { recordCall } from './step-calls';
import { semgetSample } from './sync/c-samples';
import type { SemgetForm } from './sync/semget-form';
import { checkSemgetForm, semgetCall } from './sync/semget-form';
import { ForeignSetConfirm } from './sync/ForeignSetConfirm';
import { SemaphorePanel } from './sync/SemaphorePanel';
import { useForeignSet } from './sync/useForeignSet';
import './sync/sync.css';

function madeText(set: SemaphoreSetInfo): ReactNode {
  const values = set.stat.sems.map((sem) => sem.semval).join(', ');
  return set.owned ? (
    <p>
      semget returned <strong>{set.semid}</strong>: a new set of {set.stat.nsems}, and SETVAL gave{' '}
      {set.stat.nsems === 1 ? 'it' : 'each'} the value {values}.
    </p>
  ) : (
    <p>
      semget returned <strong>{set.semid}</strong>: the key named a set that already existed (owner
      uid {set.stat.uid}), so nothing was created and SETVAL was not run; its values are {values}.
    </p>
  );
}

/** Pane 12: semget and SETVAL, and the set as the kernel keeps it. */
export function StepSemaphore(): ReactNode {
  const [form, setForm] = useState<SemgetForm>({
    key: '0x5e4a0001',
    privateKey: true,
    exclusive: false,
    nsems: '1',
    initial: '1',
    mode: '600',
  });
  const id = useId();
  const outcome = useLabStore((s) => s.outcomes.semget);
  const set = useSyncStore((s) => s.set);
  const removed = useLabStore((s) => s.outcomes.semrm);
  const gone = useSyncStore((s) => s.stat === null && s.statError !== null);
  const foreign = useForeignSet();
  // The set whose IPC_RMID the learner was asked about (another program's), while it is open.
  const [asking, setAsking] = useState<number | null>(null);
  const remove = (): void => {
    if (foreign === null) void syncActions.removeSet();
    else setAsking(foreign.semid);
  };
  const checked = checkSemgetForm(form);
  const call = semgetCall(form);
  const code = semgetSample(
    call ?? { key: 0, nsems: 1, exclusive: false, mode: 0o600, initial: 1 },
  );
  const update = (change: Partial<SemgetForm>): void => setForm((f) => ({ ...f, ...change }));
  const error = (field: keyof typeof checked): string | null => {
    const result = checked[field];
    return result.ok ? null : result.message;
  };
  const run = (): void => {
    if (call === null) return;
    recordCall('semget', [code[8]?.trim() ?? 'semget(…)', 'semctl(semid, num, SETVAL, arg)']);
    void syncActions.createSemaphore({ ...call, create: true });
  };
  return (
    <StepFrame number={12} title="The semaphore: semget and SETVAL">
      <p>
        A System V semaphore is a counter the kernel keeps, in a set of one or more. Like a segment,
        a set is found by key: processes that agree on a key (often made with <code>ftok</code>)
        open the same set; <code>IPC_PRIVATE</code> always makes a new one, whose id must then reach
        the other processes some other way (here, the Lab hands it to A and B). With{' '}
        <code>IPC_CREAT | IPC_EXCL</code> semget fails with <code>EEXIST</code> instead of opening a
        set that already has the key.
      </p>
      <p>
        A new set&apos;s values are not something to rely on: set them with <code>SETVAL</code>{' '}
        before use. As a lock, 1 means free and 0 means taken.
      </p>
      <CodeBlock lines={code} running={9} label="semget, then SETVAL of each semaphore" />
      <div className="tutorial-form">
        <label>
          <input
            type="checkbox"
            checked={form.privateKey}
            onChange={(event) => update({ privateKey: event.target.checked })}
          />
          IPC_PRIVATE
        </label>
        <label>
          Semaphore key
          <input
            value={form.key}
            disabled={form.privateKey}
            onChange={(event) => update({ key: event.target.value })}
            aria-invalid={error('key') !== null}
            aria-describedby={`${id}-key`}
            size={11}
          />
        </label>
        <span id={`${id}-key`} className="tutorial-form__error">
          {error('key')}
        </span>
        <label>
          <input
            type="checkbox"
            checked={form.exclusive}
            onChange={(event) => update({ exclusive: event.target.checked })}
          />
          IPC_EXCL
        </label>
        <label>
          Semaphores in the set
          <input
            value={form.nsems}
            onChange={(event) => update({ nsems: event.target.value })}
            aria-invalid={error('nsems') !== null}
            aria-describedby={`${id}-nsems`}
            size={3}
          />
        </label>
        <span id={`${id}-nsems`} className="tutorial-form__error">
          {error('nsems')}
        </span>
        <label>
          Initial value
          <input
            value={form.initial}
            onChange={(event) => update({ initial: event.target.value })}
            aria-invalid={error('initial') !== null}
            aria-describedby={`${id}-initial`}
            size={6}
          />
        </label>
        <span id={`${id}-initial`} className="tutorial-form__error">
          {error('initial')}
        </span>
        <label>
          Semaphore mode
          <input
            value={form.mode}
            onChange={(event) => update({ mode: event.target.value })}
            aria-invalid={error('mode') !== null}
            aria-describedby={`${id}-mode`}
            size={4}
          />
        </label>
        <span id={`${id}-mode`} className="tutorial-form__error">
          {error('mode')}
        </span>
      </div>
      <div className="tutorial-step__buttons">
        <button type="button" disabled={call === null} onClick={run}>
          Run semget and SETVAL
        </button>
        <button type="button" className="secondary" disabled={set === null} onClick={remove}>
          {set === null ? 'Remove the set (IPC_RMID)' : `Remove set ${set.semid} (IPC_RMID)`}
        </button>
      </div>
      {foreign !== null && asking === foreign.semid ? (
        <ForeignSetConfirm
          foreign={foreign}
          change={{ command: 'IPC_RMID' }}
          onAnswer={(confirmed) => {
            setAsking(null);
            if (confirmed) void syncActions.removeSet(asking);
          }}
        />
      ) : null}
      <StepResult callKey="semget" outcome={outcome} renderValue={madeText} />
      {removed?.ok === true && gone ? (
        <p role="status">
          IPC_RMID done: the set is gone at once. Unlike a segment, a set does not wait for its
          users: a process sleeping in semop on it wakes with EIDRM.
        </p>
      ) : (
        <OutcomeView
          outcome={removed?.ok === false ? removed : undefined}
          renderValue={() => null}
        />
      )}
      <SemaphorePanel />
      <p className="muted">
        The panel re-reads the set with IPC_STAT (and GETVAL, GETPID, GETNCNT, GETZCNT for each
        semaphore) after every operation and twice a second; <code>ipcs -s -i</code> prints the same
        fields.
      </p>
    </StepFrame>
  );
}
