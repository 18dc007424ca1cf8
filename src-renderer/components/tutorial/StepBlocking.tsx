import type { ReactNode } from 'react';
import { useLabStore, useSyncStore } from '../../store/lab-store';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';
import { bothAttached } from './fresh-segment-plan';
import { pvSample } from './sync/c-samples';
import { FreshSemaphore } from './sync/FreshSemaphore';
import { ProgramStepper } from './sync/ProgramStepper';
import { SemaphorePanel } from './sync/SemaphorePanel';
import { SemopButtons } from './sync/SemopButtons';
import { SemopStatus } from './sync/SemopStatus';
import './sync/sync.css';

/** Pane 13: B really sleeps in the kernel, and the protected increment loses nothing. */
export function StepBlocking(): ReactNode {
  const a = useLabStore((s) => s.processes.A.state);
  const b = useLabStore((s) => s.processes.B.state);
  const hasSet = useSyncStore((s) => s.set !== null && s.stat !== null);
  return (
    <StepFrame number={13} title="Blocking for real: P() and V()">
      <p>
        <code>P()</code> is a semop of −1 on the semaphore. If the value is at least 1, the kernel
        takes 1 and the call returns at once. If it is 0, the kernel puts the calling thread to
        sleep on the set&apos;s wait queue and counts it in semncnt; it wakes up when another
        process&apos;s <code>V()</code> (+1) makes the −1 possible. A and B make these calls
        themselves, each on a thread of its own, so the app stays responsive while one sleeps.
      </p>
      <CodeBlock lines={pvSample(false)} running={6} label="P and V on semaphore 0" />
      <p>
        Try: P() in A (it returns: A holds the lock), then P() in B. B does not come back: below,
        its thread&apos;s state is read from <code>/proc</code>. Then V() in A, and watch B wake up
        on its own.
      </p>
      <FreshSemaphore />
      <div className="sync-columns">
        {(['A', 'B'] as const).map((name) => (
          <section
            key={name}
            className="sync-process"
            data-process={name}
            aria-label={`${name}'s semaphore calls`}
          >
            <h3>{name}</h3>
            <SemopButtons name={name} undo={false} />
          </section>
        ))}
      </div>
      <SemopStatus name="A" />
      <SemopStatus name="B" />
      <SemaphorePanel />
      <h3 className="tutorial-step__try">The increment, protected</h3>
      <p>
        Now the same three instructions as in step 10, between P() and V(). Interleave A and B as
        you like: whoever comes second to P() sleeps until the first one&apos;s V(), so no load can
        happen between the other process&apos;s load and store.
      </p>
      <FreshSegment needs="attached" />
      <ProgramStepper program="protected" ready={bothAttached(a, b) && hasSet} />
    </StepFrame>
  );
}
