import { useEffect, useId, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { actions, useLabStore } from '../store/lab-store';
import { segmentOwnership } from '../store/segment-ownership';
import type { AddressMode } from './attach-form-validation';
import { parseShmidText, planAttach } from './attach-form-validation';
import { OutcomeView } from './OutcomeView';
import { kernelAddressText } from './pane-text';
import { SegmentOwnerNote } from './SegmentOwnerNote';
import { writeAccessText } from './segment-owner-text';
import { useBusy } from '../hooks/useBusy';
import './pane-form.css';

export interface AttachFormProps {
  name: ProcessName;
}

/**
 * shmat in one process: which segment, where (NULL or a requested address), SHM_RDONLY and
 * SHM_RND; then the kernel's answer, the address it mapped the segment at or its errno.
 */
export function AttachForm({ name }: AttachFormProps): ReactNode {
  const key = `pane-attach-${name}` as const;
  const segmentShmid = useLabStore((s) => s.segment?.shmid ?? null);
  const shmlba = useLabStore((s) => s.system?.shmlba ?? null);
  const state = useLabStore((s) => s.processes[name].state);
  // The store drops it once this process changes, so it always answers the latest click here.
  const outcome = useLabStore((s) => s.outcomes[key]);
  // null: follow the store's current segment until the learner types an id of their own.
  const [typedShmid, setTypedShmid] = useState<string | null>(null);
  const shmidText = typedShmid ?? (segmentShmid === null ? '' : String(segmentShmid));
  const parsedShmid = parseShmidText(shmidText);
  const shmid = parsedShmid.ok ? parsedShmid.value : null;
  const known = useLabStore((s) => s.known);
  const lookup = useLabStore((s) => (shmid === null ? undefined : s.lookups[shmid]));
  const hostPid = useLabStore((s) => s.system?.hostPid ?? null);
  const ownership = shmid === null ? null : segmentOwnership(shmid, { known, lookup, hostPid });
  const [writeForeign, setWriteForeign] = useState(false);
  // Whose segment an id names is the kernel's to say: IPC_STAT each id typed, once it settles.
  useEffect(() => {
    if (shmid === null) return;
    const timer = setTimeout(() => void actions.lookUpSegment(shmid), 200);
    return () => clearTimeout(timer);
  }, [shmid]);
  const [mode, setMode] = useState<AddressMode>('kernel');
  const [addressText, setAddressText] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [round, setRound] = useState(false);
  const [busy, runBusy] = useBusy();
  const id = useId();

  const plan = planAttach({
    process: name,
    state,
    shmidText,
    mode,
    addressText,
    readOnly,
    round,
    shmlba,
    ownership: ownership ?? { kind: 'checking' },
    writeForeign,
  });
  const foreign = ownership?.kind === 'foreign' ? ownership : null;
  const showShmidError = !plan.shmid.ok && shmidText !== '';
  const addressError = plan.address !== null && !plan.address.ok ? plan.address.message : null;
  const blocked = busy ? 'Waiting for shmat to return…' : plan.blocked;
  const attachedHere = outcome?.ok === true && state.attachment !== null;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const request = plan.request;
    if (request === null) return;
    await runBusy(() => actions.attach(key, request));
  };

  return (
    <form className="pane-form attach-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="pane-field">
        <label htmlFor={`${id}-shmid`}>Segment id</label>
        <input
          id={`${id}-shmid`}
          aria-label={`Segment id for ${name}`}
          className="mono"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={shmidText}
          onChange={(event) => {
            setTypedShmid(event.target.value);
            // Write access was granted for one segment only.
            setWriteForeign(false);
          }}
          aria-invalid={showShmidError}
          aria-describedby={showShmidError ? `${id}-shmid-error` : undefined}
        />
        {!plan.shmid.ok && showShmidError ? (
          <p id={`${id}-shmid-error`} className="pane-field__error">
            {plan.shmid.message}
          </p>
        ) : null}
      </div>

      <fieldset className="pane-fieldset">
        <legend>Address to attach at</legend>
        <label className="pane-choice">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'kernel'}
            onChange={() => setMode('kernel')}
          />
          kernel chooses (NULL)
        </label>
        <label className="pane-choice">
          <input
            type="radio"
            name={`${id}-mode`}
            checked={mode === 'requested'}
            onChange={() => setMode('requested')}
          />
          requested address
        </label>
        <div className="pane-field">
          <input
            aria-label={`Requested address for ${name}`}
            className="mono"
            placeholder="0x7f0000000000"
            autoComplete="off"
            spellCheck={false}
            value={addressText}
            // Typing an address means asking for it.
            onChange={(event) => {
              setAddressText(event.target.value);
              setMode('requested');
            }}
            aria-invalid={addressError !== null}
            aria-describedby={
              addressError !== null || plan.note !== null ? `${id}-address-help` : undefined
            }
          />
          {addressError !== null ? (
            <p id={`${id}-address-help`} className="pane-field__error">
              {addressError}
            </p>
          ) : plan.note !== null ? (
            <p id={`${id}-address-help`} className="pane-field__note">
              {plan.note}
            </p>
          ) : null}
        </div>
      </fieldset>

      {shmid !== null && ownership !== null ? (
        <SegmentOwnerNote shmid={shmid} ownership={ownership} />
      ) : null}
      {foreign !== null ? (
        <label className="pane-choice">
          <input
            type="checkbox"
            checked={writeForeign}
            onChange={(event) => setWriteForeign(event.target.checked)}
          />
          {writeAccessText(foreign.stat)}
        </label>
      ) : (
        <label className="pane-choice">
          <input
            type="checkbox"
            aria-label={`Read-only (SHM_RDONLY) for ${name}`}
            checked={readOnly}
            onChange={(event) => setReadOnly(event.target.checked)}
          />
          read-only (SHM_RDONLY)
        </label>
      )}
      <label className="pane-choice">
        <input
          type="checkbox"
          aria-label={`Round down to SHMLBA (SHM_RND) for ${name}`}
          checked={round}
          onChange={(event) => setRound(event.target.checked)}
        />
        round down to SHMLBA (SHM_RND)
      </label>

      <div className="pane-form__actions">
        <button
          type="submit"
          disabled={blocked !== null}
          aria-describedby={blocked !== null ? `${id}-blocked` : undefined}
        >
          Attach (shmat) in {name}
        </button>
        {/* After this form's own successful attach its answer below says the same, better. */}
        {blocked !== null && !attachedHere ? (
          <p id={`${id}-blocked`} className="pane-form__why">
            {blocked}
          </p>
        ) : null}
      </div>
      <OutcomeView
        outcome={outcome}
        renderValue={({ attachment }) =>
          attachment === null ? null : (
            <span id={`${id}-blocked`}>
              shmat returned <code>{kernelAddressText(attachment.address)}</code>
              {attachment.readOnly ? ' (read-only)' : null}. Detach (shmdt) in {name} before
              attaching again.
            </span>
          )
        }
      />
    </form>
  );
}
