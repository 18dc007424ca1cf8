import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { SegmentInfo } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';
import { StepResult } from './StepResult';
import type { ShmgetField, ShmgetForm } from './shmget-form';
import { checkShmgetForm, parseShmgetForm, shmgetCallAsC, shmgetPreview } from './shmget-form';
import { newestKey, recordCall } from './step-calls';

function SegmentCreated({ segment }: { segment: SegmentInfo }): ReactNode {
  const pageSize = useLabStore((s) => s.system?.pageSize ?? 0);
  return (
    <>
      <p>
        <code>shmget</code> returned <strong>{segment.shmid}</strong> (the shmid).
      </p>
      <p>
        You asked for {segment.requestedSize} bytes; the segment’s size (shm_segsz) is{' '}
        {segment.stat.segsz} bytes, and the kernel maps it as {segment.pages} whole page
        {segment.pages === 1 ? '' : 's'} of {pageSize} bytes = {segment.mappedSize} bytes.
      </p>
    </>
  );
}

/** Pane 2: shmget — key, size, flags; and EEXIST with IPC_CREAT | IPC_EXCL. */
export function StepShmget(): ReactNode {
  const [form, setForm] = useState<ShmgetForm>({
    key: '0x5348',
    privateKey: false,
    size: '10000',
    create: true,
    exclusive: false,
    mode: '0600',
  });
  const segment = useLabStore((s) => s.segment);
  const hostPid = useLabStore((s) => s.system?.hostPid ?? 0);
  // Only this step's outcomes: every write's outcome would otherwise re-render the step.
  const shmgetOutcome = useLabStore((s) => s.outcomes.shmget);
  const exclOutcome = useLabStore((s) => s.outcomes['shmget-excl']);
  const outcomes = { shmget: shmgetOutcome, 'shmget-excl': exclOutcome };
  // One answer at a time: the first shmget's result goes once the IPC_EXCL retry answers.
  const newest = newestKey(['shmget', 'shmget-excl'] as const, outcomes);
  const id = useId();
  const input = parseShmgetForm(form);
  const fields = checkShmgetForm(form);
  const preview = shmgetPreview(form);
  const field = (name: keyof ShmgetForm) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm({
      ...form,
      [name]: event.target.type === 'checkbox' ? event.target.checked : event.target.value,
    });
  const errorFor = (name: ShmgetField): string | null => {
    const result = fields[name];
    return result.ok ? null : result.message;
  };

  const code = [...preview.lines, 'if (shmid == -1)', '    perror("shmget");  /* errno: why */'];
  const run = (exclusive: boolean, outcomeKey: 'shmget' | 'shmget-excl'): void => {
    if (!input.ok) return;
    const call = {
      ...input,
      create: exclusive ? true : input.create,
      exclusive: exclusive ? true : input.exclusive,
    };
    recordCall(outcomeKey, [shmgetCallAsC(call)]);
    void actions.createSegment(outcomeKey, {
      key: call.key,
      size: call.size,
      create: call.create,
      exclusive: call.exclusive,
      mode: call.mode,
    });
  };
  const keyed = segment !== null && segment.requestedKey !== 0;

  return (
    <StepFrame number={2} title="shmget: create a segment">
      <p>
        <code>shmget(key, size, flags)</code> asks the kernel for a segment and returns its id, the{' '}
        <em>shmid</em>. Processes that know the key (or the id) can find the same segment. With{' '}
        <code>IPC_CREAT</code> it is created if missing; adding <code>IPC_EXCL</code> makes the call
        fail if it already exists. The low nine bits are permissions, like a file’s. The kernel
        hands out memory in whole pages, so the mapping is rounded up.
      </p>
      <p>
        In ShmLab this call runs in the host process
        {hostPid > 0 ? ` (pid ${hostPid})` : ''}, not in A or B: the kernel records the host as the
        segment’s creator (its cpid), and A and B only attach it.
      </p>
      <CodeBlock
        lines={code}
        running={preview.notRun === null ? 2 : 0}
        label="The shmget call as C"
      />
      {preview.notRun === null ? null : <p className="tutorial-step__not-run">{preview.notRun}</p>}
      <form
        className="tutorial-form"
        onSubmit={(event) => {
          event.preventDefault();
          run(false, 'shmget');
        }}
      >
        <label>
          <input type="checkbox" checked={form.privateKey} onChange={field('privateKey')} />{' '}
          IPC_PRIVATE
        </label>
        <label>
          Key
          <input
            value={form.key}
            onChange={field('key')}
            disabled={form.privateKey}
            aria-invalid={errorFor('key') !== null}
            aria-describedby={`${id}-key`}
            size={12}
          />
        </label>
        <span id={`${id}-key`} className="tutorial-form__error">
          {errorFor('key')}
        </span>
        <label>
          Size in bytes
          <input
            value={form.size}
            onChange={field('size')}
            aria-invalid={errorFor('size') !== null}
            aria-describedby={`${id}-size`}
            size={10}
          />
        </label>
        <span id={`${id}-size`} className="tutorial-form__error">
          {errorFor('size')}
        </span>
        <label>
          <input type="checkbox" checked={form.create} onChange={field('create')} /> IPC_CREAT
        </label>
        <label>
          <input type="checkbox" checked={form.exclusive} onChange={field('exclusive')} /> IPC_EXCL
        </label>
        <label>
          Mode
          <input
            value={form.mode}
            onChange={field('mode')}
            aria-invalid={errorFor('mode') !== null}
            aria-describedby={`${id}-mode`}
            size={5}
          />
        </label>
        <span id={`${id}-mode`} className="tutorial-form__error">
          {errorFor('mode')}
        </span>
        <button type="submit" disabled={!input.ok}>
          Run shmget
        </button>
      </form>
      {newest === 'shmget' ? (
        <StepResult
          callKey="shmget"
          outcome={outcomes.shmget}
          renderValue={(value) => <SegmentCreated segment={value as SegmentInfo} />}
        />
      ) : null}
      <div className="tutorial-step__try">
        <p>
          Try it: ask for the same key again with <code>IPC_CREAT | IPC_EXCL</code>.
        </p>
        <button
          type="button"
          className="secondary"
          disabled={!keyed || !input.ok || input.key === 0}
          onClick={() => run(true, 'shmget-excl')}
        >
          Run shmget with IPC_CREAT | IPC_EXCL again
        </button>
        {!keyed ? (
          <p className="muted">Create a segment with a key (not IPC_PRIVATE) first.</p>
        ) : null}
        {newest === 'shmget-excl' ? (
          <StepResult
            callKey="shmget-excl"
            outcome={outcomes['shmget-excl']}
            renderValue={(value) => <SegmentCreated segment={value as SegmentInfo} />}
          />
        ) : null}
      </div>
    </StepFrame>
  );
}
