import type { ReactNode } from 'react';
import type { PosixShmObject } from '../../../src-main/common/api';
import { formatCtime } from '../../geometry/ipcs-format';
import { useMachineStore } from '../../store/machine-store';
import type { TrackedRow } from './machine-tracking';
import { unreadableText } from './machine-mappers';
import { MappersTable } from './MappersTable';

/** The details of a /dev/shm object: its times and who maps it now. */
export function PosixDetail({ tracked }: { tracked: TrackedRow<PosixShmObject> }): ReactNode {
  const object = tracked.row;
  const unreadable = useMachineStore((s) => s.snapshot?.processesUnreadable ?? 0);
  const read = useMachineStore((s) => s.snapshot?.processesRead ?? 0);
  const note = unreadableText(unreadable, read);
  return (
    <div className="machine-detail">
      <h3 className="machine-detail__title">Who maps {object.name}</h3>
      <p className="muted">
        /dev/shm{object.name} · accessed {formatCtime(object.atime)} · modified{' '}
        {formatCtime(object.mtime)} · changed {formatCtime(object.ctime)}
      </p>
      <MappersTable label={`Processes that map ${object.name}`} mappers={object.mappers} />
      <p className="machine-detail__count">
        {object.mappers.length === 0
          ? 'No process the Lab can read maps it now.'
          : `${new Set(object.mappers.map((m) => m.pid)).size} of the processes the Lab could read map it (the kernel keeps no attach count for POSIX objects).`}
      </p>
      {note === null ? null : <p className="muted">{note}</p>}
      {tracked.gone !== null ? (
        <p className="machine-detail__gone">
          This object is gone: /dev/shm no longer holds it. These are its last values.
        </p>
      ) : null}
    </div>
  );
}
