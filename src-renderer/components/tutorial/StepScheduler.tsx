import type { ReactNode } from 'react';
import { useLabStore } from '../../store/lab-store';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';
import { bothAttached } from './fresh-segment-plan';
import { STEP_SAMPLE } from './sync/c-samples';
import { ProgramStepper } from './sync/ProgramStepper';
import './sync/sync.css';

/** Pane 10: the learner is the scheduler, and loses an update by hand. */
export function StepScheduler(): ReactNode {
  const a = useLabStore((s) => s.processes.A.state);
  const b = useLabStore((s) => s.processes.B.state);
  const ready = bothAttached(a, b);
  return (
    <StepFrame number={10} title="You are the scheduler">
      <p>
        <code>counter = counter + 1</code> looks like one step, but the CPU does three: it loads the
        counter into a register, adds 1 to the register, and stores the register back. Between any
        two of them the kernel may stop the process and run another one. Here you decide who runs
        next. Each button makes that process execute one instruction, for real, on its own mapping
        of the segment: a load reads the u32 at offset 0, a store writes it.
      </p>
      <CodeBlock lines={STEP_SAMPLE} running={7} label="The three instructions of one increment" />
      <p>
        Try: load in A, load in B, then let each one add and store. Both registers held the same old
        value, so both store the same new one, and one of the two increments is gone.
      </p>
      <FreshSegment needs="attached" />
      <ProgramStepper program="plain" ready={ready} />
      <p className="muted">
        Each process&apos;s register is a variable in that process; the counter is what each one
        reads from its own mapping, so the two columns can only disagree while a change is on its
        way.
      </p>
    </StepFrame>
  );
}
