import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../../src-main/common/api';
import { decodeValue } from '../../../src-main/common/codec';
import { formatHex } from '../../../src-main/common/hex';
import {
  encodeWriteValue,
  offsetRangeProblem,
  parseOffset,
} from '../../../src-main/common/offset-text';
import { formatOffsetSum } from '../../geometry/format';
import { actions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { bothAttached } from './fresh-segment-plan';
import { StepFrame } from './StepFrame';
import { paneFiveResults } from './write-read-results';

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

const U32_BYTES = 4;

/** Pane 5: the same offset is a different address in each process, and the same byte. */
export function StepWriteRead(): ReactNode {
  const [offsetText, setOffsetText] = useState('16');
  const [value, setValue] = useState('42');
  const lastWrite = useLabStore((s) => s.outcomes['tutorial-write']);
  const lastRead = useLabStore((s) => s.outcomes['tutorial-read']);
  const writer = useLabStore((s) => s.processes.A.state);
  const reader = useLabStore((s) => s.processes.B.state);
  const readerMemory = useLabStore((s) => s.processes.B.memory);
  const readerMemoryOffset = useLabStore((s) => s.processes.B.memoryOffset);
  const attachedA = writer.attachment;
  const attachedB = reader.attachment;
  const id = useId();

  const parsed = parseOffset(offsetText);
  const offset = parsed.ok ? parsed.value : null;
  const size = Math.min(attachedA?.size ?? Infinity, attachedB?.size ?? Infinity);
  const offsetError = !parsed.ok
    ? parsed.message
    : Number.isFinite(size)
      ? offsetRangeProblem(parsed.value, U32_BYTES, size)
      : null;
  const encoded = encodeWriteValue('u32', value, 'le');
  const valueError = encoded.ok ? null : encoded.error;
  const valid = offsetError === null && valueError === null;
  const ready = bothAttached(writer, reader);

  // The C shows the value as the bytes will hold it, in decimal, whatever notation was typed.
  const cValue = encoded.ok ? decodeValue('u32', encoded.bytes, 'le') : '…';
  const at = offset ?? 'offset';
  const code = [
    '/* in A: store */',
    `*(uint32_t *)(base + ${at}) = ${cValue};`,
    '/* in B: load */',
    `uint32_t seen = *(uint32_t *)(base + ${at});`,
  ];
  const shown = paneFiveResults(lastWrite, lastRead, writer, {
    state: reader,
    memory: readerMemory,
    memoryOffset: readerMemoryOffset,
  });
  const lastStep = shown.read !== undefined ? 4 : 2;

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
        <AddressSum name="A" offset={offset ?? 0} />
        <AddressSum name="B" offset={offset ?? 0} />
      </ul>
      <div className="tutorial-step__buttons">
        <button
          type="button"
          disabled={!valid || !ready || offset === null}
          onClick={() =>
            offset !== null &&
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
          disabled={!valid || !ready || offset === null}
          onClick={() =>
            offset !== null &&
            void actions.read('tutorial-read', { process: 'B', offset, length: U32_BYTES })
          }
        >
          Load it in B
        </button>
      </div>
      <FreshSegment needs="attached" />
      <OutcomeView
        outcome={shown.write}
        renderValue={(written) => (
          <p>
            A stored {decodeValue('u32', Uint8Array.from(written.bytes), 'le')} (bytes{' '}
            <span className="mono">{formatHex(Uint8Array.from(written.bytes))}</span>) at offset{' '}
            {written.offset}, address <span className="mono">{written.address}</span> in A.
          </p>
        )}
      />
      <OutcomeView
        outcome={shown.read}
        renderValue={(read) => (
          <p>
            B read{' '}
            <strong>
              {read.bytes.length === U32_BYTES
                ? decodeValue('u32', Uint8Array.from(read.bytes), 'le')
                : '?'}
            </strong>{' '}
            (bytes <span className="mono">{formatHex(Uint8Array.from(read.bytes))}</span>) at offset{' '}
            {read.offset}, address <span className="mono">{read.address}</span> in B.
          </p>
        )}
      />
    </StepFrame>
  );
}
