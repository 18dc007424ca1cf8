import type { ReactNode } from 'react';
import type { Outcome } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { useStepCalls } from './step-calls';

export interface StepResultProps<T> {
  /** The key the action's outcome and call are stored under. */
  callKey: string;
  outcome: Outcome<T> | undefined;
  renderValue: (value: T) => ReactNode;
}

/** An action's answer under the C it ran, so a result is always read with its own call. */
export function StepResult<T>({ callKey, outcome, renderValue }: StepResultProps<T>): ReactNode {
  const call = useStepCalls((s) => s[callKey]);
  if (outcome === undefined) return null;
  return (
    <div className="step-result">
      {call === undefined ? null : (
        <p className="step-result__call">
          Ran: <code>{call.join(' ')}</code>
        </p>
      )}
      <OutcomeView outcome={outcome} renderValue={renderValue} />
    </div>
  );
}
