import type { ReactNode } from 'react';
import type { RaceResult } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';
import { bothAttached } from './fresh-segment-plan';

const RACE = [
  '/* A and B both run this, at once. */',
  'uint32_t *counter = (uint32_t *) base;',
  '/* Each update is a load, an add, a store. */',
  'for (int i = 0; i < 100000; i++)',
  '    counter[0] = counter[0] + 1;',
];

const FIXED = [
  '/* One semaphore, set to 1 (free) after semget. */',
  'struct sembuf take = { 0, -1, SEM_UNDO };',
  'struct sembuf give = { 0, +1, SEM_UNDO };',
  'for (int i = 0; i < 100000; i++) {',
  '    /* wait until free, then hold it */',
  '    semop(semid, &take, 1);',
  '    counter[0] = counter[0] + 1;',
  '    /* free it for the other process */',
  '    semop(semid, &give, 1);',
  '}',
];

const TIMES = 10_000_000;
const OFFSET = 0;

/** Pane 9: unsynchronised writers race; semaphores make the update one step. */
export function StepNext(): ReactNode {
  const outcome = useLabStore((s) => s.outcomes.race);
  const a = useLabStore((s) => s.processes.A.state);
  const b = useLabStore((s) => s.processes.B.state);
  const ready = bothAttached(a, b);
  return (
    <StepFrame number={9} title="What next: races and semaphores">
      <p>
        Shared memory gives no protection of its own. When two processes update the same value, each
        one loads it, adds, and stores it back; if the other process stores in between, one of the
        two updates is lost. Run it for real: A and B each add 1 to the same 32-bit counter{' '}
        {TIMES.toLocaleString('en')} times, at once, with nothing to keep them apart. The counter is
        at offset {OFFSET} of the segment, so it overwrites what is there.
      </p>
      <CodeBlock lines={RACE} running={5} label="The unsynchronised update" />
      <button
        type="button"
        disabled={!ready}
        onClick={() => void actions.race('race', { offset: OFFSET, times: TIMES })}
      >
        Race A and B
      </button>
      <FreshSegment needs="attached" />
      <OutcomeView
        outcome={ready ? outcome : undefined}
        renderValue={(value) => {
          const race = value as RaceResult;
          return (
            <p>
              Expected {race.expected.toLocaleString('en')}; the counter holds{' '}
              <strong>{race.final.toLocaleString('en')}</strong>, as A read it afterwards:{' '}
              {race.lost === 0
                ? 'no update was lost this time (the two loops did not overlap).'
                : `${race.lost.toLocaleString('en')} increments were lost.`}{' '}
              ({race.durationMs.toFixed(0)} ms)
            </p>
          );
        }}
      />
      <p>
        The fix is to make load-add-store one step that the other process cannot interrupt. System V
        has semaphores for that (<code>semget</code>, <code>semop</code>): a process takes the
        semaphore before the update and gives it back after, and the kernel makes the other one wait
        in between. The next steps do all of it for real: first you play the scheduler and lose an
        update by hand, then the semaphore fixes it.
      </p>
      <CodeBlock lines={FIXED} running={6} label="The same update under a System V semaphore" />
    </StepFrame>
  );
}
