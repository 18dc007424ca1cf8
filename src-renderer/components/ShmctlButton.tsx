import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useLabStore } from '../store/lab-store';
import { segmentOwnership } from '../store/segment-ownership';
import { foreignSummary, ownerText } from './segment-owner-text';
import './ShmctlButton.css';

export interface ShmctlButtonProps {
  /** The segment the command acts on; null disables the button. */
  shmid: number | null;
  command: 'IPC_RMID' | 'IPC_SET';
  disabled?: boolean;
  /** Why it is disabled, shown under it. */
  why?: string | null;
  /** Runs the command; `confirmForeign` is true only after the learner confirmed. */
  onRun: (confirmForeign: boolean) => void;
  children: ReactNode;
  className?: string;
  /**
   * Who uses the segment, when the caller knows more than A and B (the machine view names every
   * process that maps it); replaces the "Attached now in …" sentence of the confirmation.
   */
  users?: string | null;
}

/**
 * A shmctl button that never acts on another program's segment by surprise: for a segment this
 * Lab did not create it first says whose segment it is and who has it attached, and runs only
 * when the learner confirms (then with confirmForeign, as the Lab requires).
 */
export function ShmctlButton(props: ShmctlButtonProps): ReactNode {
  const { shmid, command, disabled = false, why = null, onRun, children, className } = props;
  const users = props.users ?? null;
  const known = useLabStore((s) => s.known);
  const lookup = useLabStore((s) => (shmid === null ? undefined : s.lookups[shmid]));
  const hostPid = useLabStore((s) => s.system?.hostPid ?? null);
  const processA = useLabStore((s) => s.processes.A.state);
  const processB = useLabStore((s) => s.processes.B.state);
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  const ownership = shmid === null ? null : segmentOwnership(shmid, { known, lookup, hostPid });
  const foreign = ownership?.kind === 'foreign' ? ownership : null;
  const verb = command === 'IPC_RMID' ? 'remove it (IPC_RMID)' : 'change its mode (IPC_SET)';

  return (
    <div className="shmctl-button">
      <button
        type="button"
        className={className}
        disabled={disabled || shmid === null || confirming}
        aria-describedby={why !== null ? `${id}-why` : undefined}
        onClick={() => (foreign !== null ? setConfirming(true) : onRun(false))}
      >
        {children}
      </button>
      {why !== null ? (
        <p id={`${id}-why`} className="pane-form__why">
          {why}
        </p>
      ) : null}
      {confirming && foreign !== null && shmid !== null ? (
        <div
          role="group"
          aria-label={`Confirm ${command} of segment ${shmid}`}
          className="shmctl-button__confirm"
        >
          <p>
            {users === null
              ? foreignSummary(shmid, foreign.stat, { A: processA, B: processB })
              : `Segment ${shmid} was not created by ShmLab: it belongs to ${ownerText(foreign.stat)}. ${users}`}{' '}
            Do you want to {verb} anyway? Its owner’s programs may depend on it.
          </p>
          <div className="shmctl-button__choices">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                onRun(true);
              }}
            >
              {`Yes, run ${command} on uid ${foreign.stat?.uid ?? '?'}’s segment ${shmid}`}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
