import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { RaceResult, RaceVariant } from '../../../src-main/common/api';
import { MAX_RACE_TIMES } from '../../../src-main/common/schemas';
import { syncActions, useLabStore, useSyncStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';
import { bothAttached } from './fresh-segment-plan';
import { FREE_RUN_SAMPLE } from './sync/c-samples';
import { VARIANTS, VARIANT_TITLES, costText, progressOf, resultRows } from './sync/free-run-model';
import './sync/sync.css';

/** N as typed: a whole number of increments per process, 1 to MAX_RACE_TIMES. */
function parseTimes(text: string): number | null {
  const value = Number(text.replaceAll(/[_,\s]/g, ''));
  return Number.isInteger(value) && value >= 1 && value <= MAX_RACE_TIMES ? value : null;
}

function Progress(): ReactNode {
  const racing = useSyncStore((s) => s.racing);
  const progress = useSyncStore((s) => s.progress);
  if (racing === null) return null;
  const shown = progress !== null && progress.variant === racing ? progress : null;
  const parts = shown === null ? { A: 0, B: 0 } : progressOf(shown.done, shown.times);
  return (
    <div
      className="sync-progress"
      role="group"
      aria-label={`Progress of the ${VARIANT_TITLES[racing]} run`}
    >
      {(['A', 'B'] as const).map((name) => (
        <ProgressLine
          key={name}
          label={`${name}: ${VARIANT_TITLES[racing]}`}
          value={parts[name]}
          done={shown?.done[name] ?? 0}
        />
      ))}
    </div>
  );
}

function ProgressLine(props: { label: string; value: number; done: number }): ReactNode {
  return (
    <>
      <span>{props.label}</span>
      <progress value={props.value} max={1} aria-label={props.label} />
      <span className="mono">{props.done.toLocaleString('en')}</span>
    </>
  );
}

/** Pane 11: the three variants at full speed, side by side. */
export function StepFreeRun(): ReactNode {
  const [timesText, setTimesText] = useState('100000');
  const id = useId();
  const a = useLabStore((s) => s.processes.A.state);
  const b = useLabStore((s) => s.processes.B.state);
  const outcomes = useLabStore((s) => s.outcomes);
  const racing = useSyncStore((s) => s.racing);
  const [queue, setQueue] = useState(false);
  const ready = bothAttached(a, b);
  const times = parseTimes(timesText);
  const results: Partial<Record<RaceVariant, RaceResult>> = {};
  for (const variant of VARIANTS) {
    const outcome = outcomes[`race-${variant}`];
    if (outcome?.ok === true) results[variant] = outcome.value;
  }
  const rows = resultRows(results);
  const cost = costText(results);
  const busy = racing !== null || queue;
  const runAll = async (n: number): Promise<void> => {
    setQueue(true);
    syncActions.forgetRaces();
    try {
      // One after another: run at once, they would share the two CPUs and skew each other.
      for (const variant of VARIANTS) {
        const result = await syncActions.race(variant, n);
        if (result === null || result.cancelled) break;
      }
    } finally {
      setQueue(false);
    }
  };
  return (
    <StepFrame number={11} title="Free run: three ways to add">
      <p>
        Now at full speed: A and B each add 1 to the counter N times, at the same moment, on threads
        of their own. Three versions of the loop: with no lock; with a semaphore taken before and
        given back after each increment (the set is made for the run and removed after it); and with
        an atomic add, one instruction that the CPU carries out as a whole.
      </p>
      <CodeBlock lines={FREE_RUN_SAMPLE} running={7} label="The three loops" />
      <div className="tutorial-form">
        <label>
          N per process
          <input
            value={timesText}
            onChange={(event) => setTimesText(event.target.value)}
            aria-invalid={times === null}
            aria-describedby={`${id}-times`}
            size={10}
          />
        </label>
        <span id={`${id}-times`} className="tutorial-form__error">
          {times === null
            ? `N must be a whole number from 1 to ${MAX_RACE_TIMES.toLocaleString('en')}`
            : null}
        </span>
      </div>
      <div className="tutorial-step__buttons">
        <button
          type="button"
          disabled={!ready || busy || times === null}
          onClick={() => times !== null && void runAll(times)}
        >
          Run all three, one after another
        </button>
        {VARIANTS.map((variant) => (
          <button
            key={variant}
            type="button"
            className="secondary"
            disabled={!ready || busy || times === null}
            onClick={() => times !== null && void syncActions.race(variant, times)}
          >
            {`Run ${VARIANT_TITLES[variant]}`}
          </button>
        ))}
        <button
          type="button"
          className="secondary"
          disabled={racing === null}
          onClick={() => void syncActions.cancelRace()}
        >
          Cancel the run
        </button>
      </div>
      <FreshSegment needs="attached" />
      <Progress />
      <table className="sync-table" aria-label="Free run results">
        <caption>Each column is its own run; the counter is what A read afterwards.</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">measure</span>
            </th>
            {VARIANTS.map((variant) => (
              <th key={variant} scope="col">
                {VARIANT_TITLES[variant]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              {VARIANTS.map((variant) => (
                <td key={variant} data-field={`${variant}:${row.label}`}>
                  {row.cells[variant]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {VARIANTS.map((variant) => {
        const outcome = outcomes[`race-${variant}`];
        return (
          <OutcomeView
            key={variant}
            outcome={outcome?.ok === false ? outcome : undefined}
            renderValue={() => null}
          />
        );
      })}
      {cost === null ? null : <p className="sync-note">{cost}</p>}
      <p className="muted">
        With no lock, how many updates are lost is up to the scheduler: anything from none to nearly
        all. None lost usually means the two loops hardly overlapped (one was done before the other
        got going): try a larger N. The semaphore and the atomic add lose none; they differ in
        price.
      </p>
    </StepFrame>
  );
}
