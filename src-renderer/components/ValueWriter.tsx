import { useId, useRef, useState } from 'react';
import type { FormEvent, MouseEvent, ReactNode } from 'react';
import type { ProcessName, WriteResult } from '../../src-main/common/api';
import type { Endianness, ValueType } from '../../src-main/common/codec';
import { ENDIANNESSES, VALUE_TYPES, byteWidth } from '../../src-main/common/codec';
import { actions, getLabState, useLabStore } from '../store/lab-store';
import type { Outcome } from '../store/lab-store';
import { OutcomeView } from './OutcomeView';
import { bytesText } from '../../src-main/common/offset-text';
import { kernelAddressText } from './pane-text';
import {
  ENDIAN_LABELS,
  TYPE_LABELS,
  endianApplies,
  planWrite,
  previewHex,
  toEndianness,
  toValueType,
} from './value-writer-validation';
import { useBusy } from '../hooks/useBusy';
import './pane-form.css';

export interface ValueWriterProps {
  name: ProcessName;
}

/**
 * Writes a typed value into the process's own mapping. Checks the value, the offset and the
 * attachment's bounds as the learner types, previews the bytes and the address they land on
 * (the kernel's base address + offset), then shows what the process reports it wrote.
 */
export function ValueWriter({ name }: ValueWriterProps): ReactNode {
  const key = `write-${name}` as const;
  const state = useLabStore((s) => s.processes[name].state);
  // The store drops it once the process's attachment changes, so it is always current.
  const outcome = useLabStore((s) => s.outcomes[key]);
  const [offsetText, setOffsetText] = useState('0');
  const [type, setType] = useState<ValueType>('i32');
  const [endian, setEndian] = useState<Endianness>('le');
  const [valueText, setValueText] = useState('');
  const [busy, runBusy] = useBusy();
  const id = useId();
  // The last answer stays on screen while the next write is in flight, marked aria-busy, until
  // the new answer replaces it or the write has taken long enough to say it waits (useBusy). So
  // the click itself changes nothing on screen, and a write answered within milliseconds
  // changes the page once, not twice: no frame is laid out and painted on the path the other
  // pane's change takes.
  const [held, setHeld] = useState<Outcome<WriteResult> | undefined>(undefined);
  const shown = outcome ?? (busy ? undefined : held);

  const plan = planWrite({ process: name, state, offsetText, type, endian, valueText });
  const offsetProblem = plan.offset.ok ? plan.rangeError : plan.offset.message;
  const valueProblem = valueText === '' ? null : plan.valueError;
  const byteOrderMatters = endianApplies(type);
  const blocked = busy ? 'Waiting for the write to finish…' : plan.blocked;

  // Sent from the button's click (Enter in a field clicks it too), not from the form's submit
  // event: the browser's form submission steps before that event cost up to a millisecond.
  // A click while a write is under way is not lost: the button stays enabled for the first
  // SHOW_BUSY_AFTER_MS of a write (useBusy), and a write's answer waits for the page tables it
  // changed to be re-read, so a quick second click is common. Its value is written as soon as
  // the one under way is answered (the last click's value, when there were several).
  const next = useRef<NonNullable<typeof plan.request> | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement> | MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    const request = plan.request;
    if (request === null) return;
    next.current = request;
    const previous = outcome;
    await runBusy(async () => {
      setHeld(previous);
      try {
        for (let sending = next.current; sending !== null; sending = next.current) {
          next.current = null;
          await actions.write(key, sending);
          // The answer just recorded stays on screen while the next write is in flight.
          if (next.current !== null) setHeld(getLabState().outcomes[key]);
        }
      } finally {
        setHeld(undefined);
      }
    });
  };

  return (
    <form className="pane-form value-writer" onSubmit={(event) => void submit(event)} noValidate>
      <div className="pane-form__row">
        <div className="pane-field pane-field--narrow">
          <label htmlFor={`${id}-offset`}>Offset</label>
          <input
            id={`${id}-offset`}
            aria-label={`Offset for ${name}`}
            className="mono"
            autoComplete="off"
            spellCheck={false}
            value={offsetText}
            onChange={(event) => setOffsetText(event.target.value)}
            aria-invalid={offsetProblem !== null}
            aria-describedby={offsetProblem !== null ? `${id}-offset-error` : undefined}
          />
        </div>
        <div className="pane-field">
          <label htmlFor={`${id}-type`}>Type</label>
          <select
            id={`${id}-type`}
            aria-label={`Type for ${name}`}
            value={type}
            onChange={(event) => setType(toValueType(event.target.value) ?? type)}
          >
            {VALUE_TYPES.map((option) => (
              <option key={option} value={option}>
                {TYPE_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="pane-field">
          <label htmlFor={`${id}-endian`}>Byte order</label>
          <select
            id={`${id}-endian`}
            aria-label={`Endianness for ${name}`}
            value={endian}
            disabled={!byteOrderMatters}
            aria-describedby={byteOrderMatters ? undefined : `${id}-endian-note`}
            onChange={(event) => setEndian(toEndianness(event.target.value) ?? endian)}
          >
            {ENDIANNESSES.map((option) => (
              <option key={option} value={option}>
                {ENDIAN_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {offsetProblem !== null ? (
        <p id={`${id}-offset-error`} className="pane-field__error">
          {offsetProblem}
        </p>
      ) : null}
      {byteOrderMatters ? null : (
        <p id={`${id}-endian-note`} className="pane-field__note">
          {byteWidth(type) === 1
            ? 'Byte order does not apply to a single byte.'
            : 'Byte order does not apply to text or raw bytes: they are stored in the order written.'}
        </p>
      )}

      <div className="pane-field">
        <label htmlFor={`${id}-value`}>Value</label>
        <input
          id={`${id}-value`}
          aria-label={`Value for ${name}`}
          className="mono"
          autoComplete="off"
          spellCheck={false}
          value={valueText}
          onChange={(event) => setValueText(event.target.value)}
          aria-invalid={valueProblem !== null}
          aria-describedby={valueProblem !== null ? `${id}-value-error` : undefined}
        />
        {valueProblem !== null ? (
          <p id={`${id}-value-error`} className="pane-field__error">
            {valueProblem.message}
            <br />
            allowed: {valueProblem.allowed}
          </p>
        ) : null}
      </div>

      {plan.bytes !== null ? (
        <p className="pane-form__preview">
          Bytes to write: <code>{previewHex(plan.bytes)}</code> ({bytesText(plan.bytes.length)}
          {byteOrderMatters ? `, ${ENDIAN_LABELS[endian]}` : null})
        </p>
      ) : null}
      {plan.landing !== null ? (
        <p className="pane-form__preview">
          Lands in {name} at <code>{plan.landing.base}</code> + <code>{plan.landing.offset}</code> ={' '}
          <code>{plan.landing.sum}</code>
        </p>
      ) : null}

      <div className="pane-form__actions">
        <button
          type="submit"
          onClick={(event) => void submit(event)}
          disabled={blocked !== null}
          aria-describedby={blocked !== null ? `${id}-blocked` : undefined}
        >
          Write in {name}
        </button>
        {blocked !== null ? (
          <p id={`${id}-blocked`} className="pane-form__why">
            {blocked}
          </p>
        ) : null}
      </div>
      <div aria-busy={shown !== undefined && shown === held}>
        <OutcomeView
          outcome={shown}
          renderValue={(written) => (
            <>
              wrote {bytesText(written.bytes.length)} at{' '}
              <code>{kernelAddressText(written.address)}</code> (offset {written.offset} = 0x
              {written.offset.toString(16)})
            </>
          )}
        />
      </div>
    </form>
  );
}
