import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { formatBytes } from '../geometry/format';
import { mapsLine } from './diagram-text';
import type { IdentityEvidence } from './memory-diagram-model';
import { PROCESS_NAMES } from './segment-pages';

export interface DiagramNotesProps {
  shmid: number;
  /** Whether to show the legend (once, above the first segment's notes). */
  legend?: boolean;
  /** Why the kernel hides frame numbers, when it does; null when PFNs are shown. */
  pfnHiddenReason: string | null;
  /** Per process, its maps line and smaps figures; null where it does not map the segment. */
  evidence: Record<ProcessName, IdentityEvidence | null>;
}

const SHARED_DIRTY_TITLE =
  'Counted through this process’s own page table entries: a shared page this process wrote ' +
  'is dirty here, so the figure can differ between A and B for the same page.';

const ROOT_HINT = 'To see them, run ShmLab as root (CAP_SYS_ADMIN in the initial user namespace).';

function Evidence({ name, evidence }: { name: ProcessName; evidence: IdentityEvidence | null }) {
  if (evidence === null) return <li>{`Process ${name} does not map this segment.`}</li>;
  const { shmRegion, smaps } = evidence;
  return (
    <li className={`memory-diagram__evidence--${name.toLowerCase()}`}>
      <span className="memory-diagram__who">{name}</span> maps line, inode{' '}
      <strong className="mono">{shmRegion.inode}</strong>: <code>{mapsLine(shmRegion)}</code>
      {smaps !== null ? (
        <>
          {' · smaps: Rss '}
          <strong>{formatBytes(smaps.rss)}</strong>
          {', '}
          <abbr title={SHARED_DIRTY_TITLE}>Shared_Dirty</abbr>{' '}
          <strong>{formatBytes(smaps.sharedDirty)}</strong>
        </>
      ) : null}
    </li>
  );
}

/**
 * The words under the diagram: the legend, and when the kernel hides frame numbers, why, how to
 * see them, and the honest substitute: both maps lines name the segment (inode = shmid) and smaps
 * counts its pages as shared.
 */
export function DiagramNotes({
  shmid,
  legend = true,
  pfnHiddenReason,
  evidence,
}: DiagramNotesProps): ReactNode {
  const hint = pfnHiddenReason !== null && !/root|CAP_SYS_ADMIN/.test(pfnHiddenReason);
  return (
    <div className="memory-diagram__notes">
      {legend ? (
        <p className="memory-diagram__legend">
          <span className="memory-diagram__key memory-diagram__key--a" aria-hidden="true" />
          {'A’s page → frame '}
          <span className="memory-diagram__key memory-diagram__key--b" aria-hidden="true" />
          {'B’s page → frame '}
          <span className="memory-diagram__key memory-diagram__key--none" aria-hidden="true" />
          Pages never touched have no frame yet (demand paging).
        </p>
      ) : null}
      {pfnHiddenReason !== null ? (
        <>
          <p className="memory-diagram__hidden" role="note">
            <strong>Frame numbers hidden:</strong> {pfnHiddenReason}
            {hint ? ` ${ROOT_HINT}` : ''}
          </p>
          <ul
            className="memory-diagram__evidence"
            aria-label={`Evidence that A and B map the same segment, shmid ${shmid}`}
          >
            {PROCESS_NAMES.map((name) => (
              <Evidence key={name} name={name} evidence={evidence[name]} />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
