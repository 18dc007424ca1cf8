import type { ReactNode } from 'react';
import type { ProgramExitedEvent, ProgramProcess } from '../../src-main/common/api';
import { awaitingPagesText, exitNoteText } from './diagram-program-text';

export interface DiagramProgramNotesProps {
  /** The exits of the current run's processes, oldest first. */
  exits: readonly ProgramExitedEvent[];
  /** The parent of each pid the run listed, for naming an exited forked child. */
  parents: ReadonlyMap<number, number>;
  /** Live processes of the run the diagram has no room for. */
  notDrawn: readonly ProgramProcess[];
  /** Forked children whose pagemap lacks pages their parent's has (see childrenAwaitingPages). */
  awaiting: readonly { childPid: number; parentPid: number; pages: number[] }[];
}

/**
 * The notes the learner's program leaves under the diagram: one per exit of its processes (a
 * column leaves, and the note says the attachment went with the process), kept for the run; and
 * the processes there was no room to draw.
 */
export function DiagramProgramNotes({
  exits,
  parents,
  notDrawn,
  awaiting,
}: DiagramProgramNotesProps): ReactNode {
  if (exits.length === 0 && notDrawn.length === 0 && awaiting.length === 0) return null;
  return (
    <section className="memory-diagram__program-notes" aria-label="Your program in the diagram">
      {awaiting.map(({ childPid, parentPid, pages }) => (
        <p key={childPid}>{awaitingPagesText(childPid, parentPid, pages)}</p>
      ))}
      {notDrawn.length > 0 ? (
        <p>
          {`Not drawn (no room for more columns): ${notDrawn
            .map((process) => `pid ${process.pid}`)
            .join(', ')}.`}
        </p>
      ) : null}
      {exits.length > 0 ? (
        <ul aria-label="Exits of your program's processes" aria-live="polite">
          {exits.map((exit) => (
            <li key={exit.pid} data-pid={exit.pid}>
              {exitNoteText(exit, parents.get(exit.pid) ?? null)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
