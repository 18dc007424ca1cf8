import type { ReactNode } from 'react';
import type { ProcessName } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { CodeBlock } from './CodeBlock';
import { StepResult } from './StepResult';
import { recordCall } from './step-calls';
import { touchText } from './touch-text';

const NAMES: readonly ProcessName[] = ['A', 'B'];

/** What the process runs (native touch()): an atomic or of 0 stores without changing the byte. */
const TOUCH_CODE = [
  '/* a load: the read fault */',
  'char c = base[0];',
  '/* an or with 0: a store that changes',
  '   no byte, the write fault */',
  '__atomic_fetch_or(&base[0], 0,',
  '                  __ATOMIC_SEQ_CST);',
];

/**
 * Pane 4's touch: A or B loads one byte of page 0 and stores to it without changing it, as the
 * code shown does, and the pane says what the faults did, from the pagemap the Lab re-read.
 */
export function TouchPage(): ReactNode {
  const attached = useLabStore(
    (s) => s.processes.A.state.attachment !== null && s.processes.B.state.attachment !== null,
  );
  const touchA = useLabStore((s) => s.outcomes['touch-A']);
  const touchB = useLabStore((s) => s.outcomes['touch-B']);
  const latest = (touchA?.seq ?? 0) > (touchB?.seq ?? 0) ? touchA : touchB;
  const key = latest === touchA ? 'touch-A' : 'touch-B';
  return (
    <div className="tutorial-step__touch">
      <p>
        Touch page 0 from either process: a one-byte load, then a store that changes no byte. Its
        first touch in a process faults, and the kernel puts the segment’s frame in that process’s
        page table. Touch it from the other process too, and watch the arrows meet.
      </p>
      <CodeBlock lines={TOUCH_CODE} running={0} label="Touching page 0" />
      <div className="tutorial-step__buttons">
        {NAMES.map((name) => (
          <button
            key={name}
            type="button"
            disabled={!attached}
            onClick={() => {
              recordCall(`touch-${name}`, [`base[0] in ${name}: load, then atomic or 0`]);
              void actions.touch(name, 0);
            }}
          >
            Touch page 0 in {name}
          </button>
        ))}
      </div>
      {attached ? null : <p className="muted">Attach the segment in A and B first.</p>}
      <StepResult
        callKey={key}
        outcome={latest}
        renderValue={(value) => <p>{touchText(value)}</p>}
      />
    </div>
  );
}
