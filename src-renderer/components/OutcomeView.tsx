import type { ReactNode } from 'react';
import { explainError } from '../../src-main/common/errno-text';
import type { Outcome } from '../store/lab-store';
import { errorDetail } from './outcome-text';
import './OutcomeView.css';

export interface OutcomeViewProps<T> {
  /** The last outcome of an action, from the store; nothing is shown before the first. */
  outcome: Outcome<T> | undefined;
  /** What the success value says, e.g. the address shmat returned. */
  renderValue: (value: T) => ReactNode;
}

/**
 * The answer to the last command: its value on success (role="status"), or the error code, the
 * syscall, the message and a plain-words explanation (role="alert"). Each new outcome mounts a
 * fresh element, so a repeated identical answer is announced again.
 */
export function OutcomeView<T>({ outcome, renderValue }: OutcomeViewProps<T>): ReactNode {
  if (outcome === undefined) return null;
  if (outcome.ok) {
    return (
      <div key={outcome.at} role="status" className="outcome outcome--ok">
        {renderValue(outcome.value)}
      </div>
    );
  }
  const { code, syscall } = outcome.error;
  const detail = errorDetail(outcome.error);
  const explanation = explainError(code, syscall);
  return (
    <div key={outcome.at} role="alert" className="outcome outcome--error">
      <p className="outcome__title">
        {syscall === undefined ? 'Refused' : <code>{syscall}</code>}
        {syscall === undefined ? ': ' : ' failed: '}
        <code>{code}</code>
      </p>
      {detail === null ? null : <p className="outcome__message">{detail}</p>}
      {explanation === null ? null : <p className="outcome__explanation">{explanation}</p>}
    </div>
  );
}
