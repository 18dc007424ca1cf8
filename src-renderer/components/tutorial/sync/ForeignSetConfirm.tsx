import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import '../../ShmctlButton.css';
import type { SetChange } from './foreign-set-text';
import { confirmButtonText, confirmLabel, foreignSetQuestion } from './foreign-set-text';
import type { ForeignSet } from './useForeignSet';

export interface ForeignSetConfirmProps {
  /** The set, which this Lab did not create. */
  foreign: ForeignSet;
  change: SetChange;
  /** Called once: true runs the change with confirmForeign, false sends nothing. */
  onAnswer: (confirmed: boolean) => void;
}

/**
 * The inline question asked before the panes change another program's semaphore set, in the
 * segment confirmation's style and words: whose set it is, what the change does, "Yes, run …" or
 * Cancel. Focus moves to Cancel when it opens (Escape cancels too) and goes back to the button
 * that opened it.
 */
export function ForeignSetConfirm({
  foreign,
  change,
  onAnswer,
}: ForeignSetConfirmProps): ReactNode {
  const id = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  // The control that opened the question (focused by its click or key press), to return to.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => cancel.current?.focus(), []);
  const answer = (confirmed: boolean): void => {
    onAnswer(confirmed);
    if (opener?.isConnected === true) opener.focus();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    answer(false);
  };
  return (
    <div
      role="group"
      aria-label={confirmLabel(change, foreign.semid)}
      aria-describedby={`${id}-question`}
      className="shmctl-button__confirm"
      onKeyDown={onKeyDown}
    >
      <p id={`${id}-question`}>
        {foreignSetQuestion(foreign.semid, foreign.stat, foreign.user, change)}
      </p>
      <div className="shmctl-button__choices">
        <button type="button" className="danger" onClick={() => answer(true)}>
          {confirmButtonText(change, foreign.stat.uid, foreign.semid)}
        </button>
        <button ref={cancel} type="button" className="secondary" onClick={() => answer(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
