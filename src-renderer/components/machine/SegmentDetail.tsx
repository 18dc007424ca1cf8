import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { MachineSegment } from '../../../src-main/common/api';
import { actions } from '../../store/lab-store';
import { useMachineStore } from '../../store/machine-store';
import { SegmentPanelCard } from '../SegmentPanelCard';
import type { TrackedRow } from './machine-tracking';
import { attachmentComparison, unreadableText } from './machine-mappers';
import { segmentUsersText } from './machine-users-text';
import { MappersTable } from './MappersTable';
import { OpenSegment } from './OpenSegment';

/**
 * The details of one segment row: who maps it now, nattch against what the Lab could see, "Open in
 * A / B", and its IPC_STAT in the segment panel's own card (with IPC_SET and IPC_RMID).
 */
export function SegmentDetail({ tracked }: { tracked: TrackedRow<MachineSegment> }): ReactNode {
  const segment = tracked.row;
  const unreadable = useMachineStore((s) => s.snapshot?.processesUnreadable ?? 0);
  const read = useMachineStore((s) => s.snapshot?.processesRead ?? 0);
  const takenAt = useMachineStore((s) => s.snapshot?.takenAt ?? 0);
  const [statShown, setStatShown] = useState(false);
  const [actedOn, setActedOn] = useState(false);
  const gone = tracked.gone !== null;
  // The card is live like the segment panel's: re-stat with every refresh of the view.
  useEffect(() => {
    if (statShown) void actions.lookUpSegment(segment.shmid);
  }, [statShown, segment.shmid, takenAt]);
  const users = segmentUsersText(segment, unreadable);
  const unreadableNote = unreadableText(unreadable, read);
  return (
    <div className="machine-detail">
      <h3 className="machine-detail__title">Who uses segment {segment.shmid}</h3>
      <MappersTable
        label={`Processes that map segment ${segment.shmid}`}
        mappers={segment.mappers}
      />
      <p className="machine-detail__count">
        {attachmentComparison(segment.nattch, segment.mappers.length, unreadable)}
      </p>
      {unreadableNote === null ? null : <p className="muted">{unreadableNote}</p>}
      {gone ? (
        <p className="machine-detail__gone">
          This segment is gone: /proc/sysvipc/shm no longer lists it, so it cannot be opened or
          statted. These are its last values.
        </p>
      ) : null}
      {/* Stays when the segment goes, so the answer to a click that came too late stays. */}
      <OpenSegment segment={segment} users={users} gone={gone} />
      {gone ? null : (
        <>
          <button
            type="button"
            className="secondary"
            aria-expanded={statShown}
            onClick={() => setStatShown((shown) => !shown)}
          >
            {statShown ? `Hide IPC_STAT of ${segment.shmid}` : `IPC_STAT of ${segment.shmid}`}
          </button>
          {statShown ? (
            <div className="segment-panel machine-detail__stat">
              <SegmentPanelCard
                shmid={segment.shmid}
                showsAnswer={actedOn}
                onAct={() => setActedOn(true)}
                users={users}
              />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
