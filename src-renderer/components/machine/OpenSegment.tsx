import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { MachineSegment, ProcessName } from '../../../src-main/common/api';
import { actions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { kernelAddressText, notRunningText } from '../pane-text';
import { ownerName } from './machine-format';
import { refusalText } from './refusal-text';

export interface OpenSegmentProps {
  segment: MachineSegment;
  /** Who uses it, in words, for the write-access confirmation. */
  users: string;
  /** The segment is no longer listed: nothing can be opened, the last answer stays. */
  gone: boolean;
}

/**
 * "Open in A" / "Open in B" for one segment row: shmat in that process (after shmdt of what it
 * has), read-only for a segment this Lab did not create; read-write for such a segment only after
 * a confirmation that names whose segment it is and who uses it.
 */
export function OpenSegment({ segment, users, gone }: OpenSegmentProps): ReactNode {
  return (
    <div className="machine-open" role="group" aria-label={`Open segment ${segment.shmid}`}>
      <OpenIn name="A" segment={segment} users={users} gone={gone} />
      <OpenIn name="B" segment={segment} users={users} gone={gone} />
    </div>
  );
}

function OpenIn(props: OpenSegmentProps & { name: ProcessName }): ReactNode {
  const { name, segment, users, gone } = props;
  const state = useLabStore((s) => s.processes[name].state);
  const labUid = useLabStore((s) => s.system?.uid ?? null);
  const outcome = useLabStore((s) => s.outcomes[`machine-open-${name}`]);
  const [confirming, setConfirming] = useState(false);
  // What this row last asked for; null before its first click (the outcome key is shared by rows).
  const [asked, setAsked] = useState<'read' | 'read-write' | null>(null);
  const id = useId();
  const { shmid, owned } = segment;
  const notRunning = gone ? `Segment ${segment.shmid} is gone.` : notRunningText(name, state);
  const attached = state.attachment;
  const here = attached?.shmid === shmid;
  const owner = `uid ${segment.uid} (${ownerName(segment.user, segment.uid)})`;
  const open = (write: boolean): void => {
    setConfirming(false);
    setAsked(write || owned ? 'read-write' : 'read');
    void actions.openSegment({
      process: name,
      shmid,
      readOnly: !owned && !write,
      ...(write && !owned ? { writeForeign: true } : {}),
    });
  };
  const note =
    notRunning ??
    (attached === null
      ? null
      : here
        ? `${name} has this segment attached${attached.readOnly ? ' read-only' : ''}; opening it again attaches it anew.`
        : `${name} has segment ${attached.shmid} attached: opening detaches it first (shmdt).`);
  const refusal =
    outcome?.ok === false && asked !== null
      ? refusalText(outcome.error, `Segment ${shmid}`, segment, labUid, asked)
      : null;
  return (
    <div className="machine-open__process">
      <button
        type="button"
        disabled={notRunning !== null || confirming}
        aria-describedby={note === null ? undefined : `${id}-note`}
        onClick={() => open(false)}
      >
        {owned ? `Open in ${name}` : `Open in ${name} read-only`}
      </button>
      {owned ? null : (
        <button
          type="button"
          className="secondary"
          disabled={notRunning !== null || confirming}
          onClick={() => setConfirming(true)}
        >
          {`Open in ${name} with write access…`}
        </button>
      )}
      {note === null ? null : (
        <p id={`${id}-note`} className="pane-form__why">
          {note}
        </p>
      )}
      {confirming ? (
        <div
          role="group"
          aria-label={`Confirm write access to segment ${shmid} in ${name}`}
          className="shmctl-button__confirm"
        >
          <p>
            Segment {shmid} was not created by ShmLab: it belongs to {owner}, created by pid{' '}
            {segment.cpid}. {users} Writing in it changes what its owner’s programs read. Attach it
            read-write in {name}?
          </p>
          <div className="shmctl-button__choices">
            <button type="button" className="danger" onClick={() => open(true)}>
              {`Yes, open ${owner}’s segment ${shmid} read-write in ${name}`}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {(outcome?.ok === false && asked !== null) || (outcome?.ok === true && here) ? (
        <>
          {refusal === null ? null : <p className="machine-refusal">{refusal}</p>}
          <OutcomeView
            outcome={outcome}
            renderValue={({ attachment }) =>
              attachment === null ? null : (
                <>
                  Opened in {name} at <code>{kernelAddressText(attachment.address)}</code>
                  {attachment.readOnly ? ' (read-only, SHM_RDONLY)' : ' (read-write)'}: the diagram,
                  the page table and {name}’s hex view show it now.
                </>
              )
            }
          />
        </>
      ) : null}
    </div>
  );
}
