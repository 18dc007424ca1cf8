import type { ReactNode } from 'react';
import { formatBytes } from '../geometry/format';
import type { ColumnTone } from './diagram-processes';
import { listText, mapsLine } from './diagram-text';
import type { IdentityEvidence } from './memory-diagram-model';

/** A drawn process as the notes name it. */
export interface NotedProcess {
  id: string;
  /** 'A', 'pid 4242'. */
  short: string;
  tone: ColumnTone;
}

export interface DiagramNotesProps {
  shmid: number;
  /** The drawn processes, A and B first; the legend has a key for each tone among them. */
  processes: readonly NotedProcess[];
  /** Whether to show the legend (once, above the first segment's notes). */
  legend?: boolean;
  /** Why the kernel hides frame numbers, when it does; null when PFNs are shown. */
  pfnHiddenReason: string | null;
  /** Per process key, its maps line and smaps figures; null where it does not map the segment. */
  evidence: Readonly<Record<string, IdentityEvidence | null>>;
}

const TONE_WORDS: Record<ColumnTone, string> = {
  a: 'A’s page → frame',
  b: 'B’s page → frame',
  program: 'your program’s page → frame',
  forked: 'a forked child’s page → frame',
};

const SHARED_DIRTY_TITLE =
  'Counted through this process’s own page table entries: a shared page this process wrote ' +
  'is dirty here, so the figure can differ between A and B for the same page.';

const ROOT_HINT = 'To see them, run ShmLab as root (CAP_SYS_ADMIN in the initial user namespace).';

function Evidence({
  process,
  evidence,
}: {
  process: NotedProcess;
  evidence: IdentityEvidence | null;
}): ReactNode {
  const { short, tone } = process;
  if (evidence === null) {
    const who = tone === 'a' || tone === 'b' ? `Process ${short}` : short;
    return <li>{`${who} does not map this segment.`}</li>;
  }
  const { shmRegion, smaps } = evidence;
  return (
    <li className={`memory-diagram__evidence--${tone}`}>
      <span className="memory-diagram__who">{short}</span> maps line, inode{' '}
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
  processes,
  legend = true,
  pfnHiddenReason,
  evidence,
}: DiagramNotesProps): ReactNode {
  const hint = pfnHiddenReason !== null && !/root|CAP_SYS_ADMIN/.test(pfnHiddenReason);
  const tones = [...new Set(processes.map((process) => process.tone))];
  // A and B always; the program's processes only where they map this segment.
  const listed = processes.filter(
    (process) =>
      process.tone === 'a' || process.tone === 'b' || (evidence[process.id] ?? null) !== null,
  );
  return (
    <div className="memory-diagram__notes">
      {legend ? (
        <p className="memory-diagram__legend">
          {tones.map((tone) => (
            <span key={tone} className="memory-diagram__legend-item">
              <span
                className={`memory-diagram__key memory-diagram__key--${tone}`}
                aria-hidden="true"
              />
              {`${TONE_WORDS[tone]} `}
            </span>
          ))}
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
            aria-label={`Evidence that ${listText(listed.map((process) => process.short))} map the same segment, shmid ${shmid}`}
          >
            {listed.map((process) => (
              <Evidence
                key={process.id}
                process={process}
                evidence={evidence[process.id] ?? null}
              />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
