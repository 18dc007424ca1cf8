import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { actions, useLabStore } from '../store/lab-store';
import { AttachForm } from './AttachForm';
import { AttachmentSummary } from './AttachmentSummary';
import { HexView } from './HexView';
import { OutcomeView } from './OutcomeView';
import { notRunningText, statusLine } from './pane-text';
import { ValueWriter } from './ValueWriter';
import './ProcessPane.css';

export interface ProcessPaneProps {
  name: ProcessName;
}

/**
 * One child process, as it reports itself: pid and status, its attachment, shmat, its own view
 * of the segment's bytes, writes into its mapping, and shmdt.
 */
export function ProcessPane({ name }: ProcessPaneProps): ReactNode {
  const state = useLabStore((s) => s.processes[name].state);
  // The store drops each once the process changes again, so they always describe it now.
  const respawnOutcome = useLabStore((s) => s.outcomes[`respawn-${name}`]);
  const detachOutcome = useLabStore((s) => s.outcomes[`pane-detach-${name}`]);
  const [busy, setBusy] = useState<'respawn' | 'detach' | null>(null);
  const id = useId();

  const run = async (what: 'respawn' | 'detach'): Promise<void> => {
    setBusy(what);
    try {
      if (what === 'respawn') await actions.respawn(`respawn-${name}`, name);
      else await actions.detach(`pane-detach-${name}`, name);
    } finally {
      setBusy(null);
    }
  };

  const detachBlocked =
    busy === 'detach'
      ? 'Waiting for shmdt to return…'
      : (notRunningText(name, state) ??
        (state.attachment === null ? `${name} has no segment attached.` : null));
  const detachWhyId = `${id}-detach-why`;

  return (
    <section
      aria-label={`Process ${name}`}
      className={`process-pane process-pane--${name.toLowerCase()}`}
    >
      <header className="process-pane__header">
        <h2 className="process-pane__title">Process {name}</h2>
        <span aria-hidden="true" className="process-pane__separator">
          ·
        </span>
        <p role="status" className="process-pane__status" data-status={state.status}>
          {statusLine(state)}
        </p>
        {state.status === 'exited' ? (
          <button type="button" disabled={busy !== null} onClick={() => void run('respawn')}>
            Respawn process {name}
          </button>
        ) : null}
      </header>
      <OutcomeView
        outcome={respawnOutcome}
        renderValue={(respawned) => `Respawned: ${statusLine(respawned)}`}
      />

      <AttachmentSummary name={name} />
      <AttachForm name={name} />
      <HexView name={name} />
      <ValueWriter name={name} />

      <div className="process-pane__detach">
        <button
          type="button"
          className="secondary"
          disabled={detachBlocked !== null}
          aria-describedby={detachBlocked !== null ? detachWhyId : undefined}
          onClick={() => void run('detach')}
        >
          Detach (shmdt) in {name}
        </button>
        {detachBlocked !== null ? (
          <p id={detachWhyId} className="process-pane__why">
            {detachBlocked}
          </p>
        ) : null}
      </div>
      <OutcomeView
        outcome={detachOutcome}
        renderValue={() => `shmdt succeeded: process ${name} no longer maps the segment.`}
      />
    </section>
  );
}
