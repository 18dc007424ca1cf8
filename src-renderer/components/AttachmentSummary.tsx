import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { formatBytes } from '../geometry/format';
import { useLabStore } from '../store/lab-store';
import { kernelAddressText } from './pane-text';

export interface AttachmentSummaryProps {
  name: ProcessName;
}

/** The process's attachment as the Lab last reported it: shmid, base address, size, access. */
export function AttachmentSummary({ name }: AttachmentSummaryProps): ReactNode {
  const attachment = useLabStore((s) => s.processes[name].state.attachment);
  if (attachment === null) {
    return <p className="attachment-summary attachment-summary--none">not attached</p>;
  }
  return (
    <dl className="attachment-summary" aria-label={`Attachment in ${name}`}>
      <div>
        <dt>shmid</dt>
        <dd className="mono">{attachment.shmid}</dd>
      </div>
      <div>
        <dt>base address</dt>
        <dd className="mono">{kernelAddressText(attachment.address)}</dd>
      </div>
      <div>
        <dt>size</dt>
        <dd>
          {formatBytes(attachment.size)}
          {attachment.size >= 1024 ? ` (${attachment.size} bytes)` : null}
        </dd>
      </div>
      <div>
        <dt>access</dt>
        <dd>{attachment.readOnly ? 'read-only (SHM_RDONLY)' : 'read-write'}</dd>
      </div>
    </dl>
  );
}
