import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName, ReadResult, WriteResult } from '../../../src-main/common/api';
import { decodeValue, validateValue } from '../../../src-main/common/codec';
import { formatOffsetSum } from '../../geometry/format';
import { actions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';

function AddressSum({ name, offset }: { name: ProcessName; offset: number }): ReactNode {
  const attachment = useLabStore((s) => s.processes[name].state.attachment);
  if (attachment === null) return <li>Process {name} has no segment attached.</li>;
  const sum = formatOffsetSum(BigInt(attachment.address), offset);
  return (
    <li className="mono">
      in {name}: base_{name} + offset = {sum.base} + {sum.offset} = <strong>{sum.sum}</strong>
    </li>
  );
}

/** Pane 5: the same offset is a different address in each process, and the same byte. */
export function StepWriteRead(): ReactNode {
  const [offsetText, setOffsetText] = useState('16');
  const [value, setValue] = useState('42');
  const writeOutcome = useLabStore((s) => s.outcomes['tutorial-write']);
  const readOutcome = useLabStore((s) => s.outcomes['tutorial-read']);
  const attachedA = useLabStore((s) => s.processes.A.state.attachment);
  const attachedB = useLabStore((s) => s.processes.B.state.attachment);
  const id = useId();

  const offset = /^\d+$/.test(offsetText.trim()) ? Number(offsetText.trim()) : NaN;
  const size = Math.min(attachedA?.size ?? Infinity, attachedB?.size ?? Infinity);
  const offsetError = !Number.isSafeInteger(offset)
    ? 'the offset is a whole number of bytes, e.g. 16'
    : offset + 4 > size
      ? `a u32 needs 4 bytes: offsets from 0 to ${size - 4} fit this segment`
      : null;
  const valueError = validateValue('u32', value, 'le');
  const valid = offsetError === null && valueError === null;
  const ready = attachedA !== null && attachedB !== null;

  const at = Number.isSafeInteger(offset) ? offset : 'offset';
  const code = [
    '/* in A: store */',
    `*(uint32_t *)(base + ${at}) = ${valueError === null ? value.trim() : '…'};`,
    '/* in B: load */',
    `uint32_t seen = *(uint32_t *)(base + ${at});`,
  ];
  const lastStep =
    readOutcome !== undefined && (writeOutcome === undefined || readOutcome.at >= writeOutcome.at)
      ? 4
      : 2;

  return (
    <StepFrame number={5} title="Write in A, read in B">
      <p>
        A and B see the segment at different addresses, but an offset into it means the same byte in
        both. A stores a 32-bit number at <code>base_A + offset</code>; B loads it from{' '}
        <code>base_B + offset</code>. No system call moves the data: both addresses lead to the same
        page frame. The value B shows below is what B read from its own mapping.
      </p>
      <CodeBlock lines={code} running={lastStep} label="A stores, B loads" />
      <div className="tutorial-form">
        <label>
          Offset
          <input
            value={offsetText}
            onChange={(event) => setOffsetText(event.target.value)}
            aria-invalid={offsetError !== null}
            aria-describedby={`${id}-offset`}
            size={6}
          />
        </label>
        <span id={`${id}-offset`} className="tutorial-form__error">
          {offsetError}
        </span>
        <label>
          u32 value
          <input
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={valueError !== null}
            aria-describedby={`${id}-value`}
            size={12}
          />
        </label>
        <span id={`${id}-value`} className="tutorial-form__error">
          {valueError === null ? null : `${valueError.message}; allowed: ${valueError.allowed}`}
        </span>
      </div>
      <ul className="tutorial-step__facts">
        <AddressSum name="A" offset={Number.isSafeInteger(offset) ? offset : 0} />
        <AddressSum name="B" offset={Number.isSafeInteger(offset) ? offset : 0} />
      </ul>
      <div className="tutorial-step__buttons">
        <button
          type="button"
          disabled={!valid || !ready}
          onClick={() =>
            void actions.write('tutorial-write', {
              process: 'A',
              offset,
              type: 'u32',
              value,
              endian: 'le',
            })
          }
        >
          Store the value in A
        </button>
        <button
          type="button"
          disabled={!valid || !ready}
          onClick={() => void actions.read('tutorial-read', { process: 'B', offset, length: 4 })}
        >
          Load it in B
        </button>
      </div>
      {!ready ? (
        <p className="muted">Attach the segment in A and B first (steps 3 and 4).</p>
      ) : null}
      <OutcomeView
        outcome={writeOutcome}
        renderValue={(written) => {
          const w = written as WriteResult;
          return (
            <p>
              A wrote {w.bytes.length} bytes at <span className="mono">{w.address}</span>.
            </p>
          );
        }}
      />
      <OutcomeView
        outcome={readOutcome}
        renderValue={(read) => {
          const r = read as ReadResult;
          return (
            <p>
              B read{' '}
              <strong>
                {r.bytes.length === 4 ? decodeValue('u32', Uint8Array.from(r.bytes), 'le') : '?'}
              </strong>{' '}
              (bytes {r.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}) at{' '}
              <span className="mono">{r.address}</span>.
            </p>
          );
        }}
      />
    </StepFrame>
  );
}
