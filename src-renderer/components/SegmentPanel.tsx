import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { actions, useLabStore } from '../store/lab-store';
import { useProgramStore } from '../store/program-store';
import { SegmentPanelCard } from './SegmentPanelCard';
import { panelShmids, programShmids } from './segment-panel-model';
import './SegmentPanel.css';

/**
 * IPC_STAT again for the segments the learner's program has (or had) attached, each time its
 * processes attach, detach, appear or exit: those change nattch and lpid, and a segment only the
 * program uses is not one the Lab polls.
 */
function useProgramSegmentStats(shmids: readonly number[]): void {
  const processes = useProgramStore((s) => s.processes);
  const exits = useProgramStore((s) => s.exits);
  const key = shmids.join(',');
  useEffect(() => {
    const exited = exits.flatMap((exit) => exit.detached.map((attachment) => attachment.shmid));
    const ids = new Set([...(key === '' ? [] : key.split(',').map(Number)), ...exited]);
    for (const shmid of ids) void actions.lookUpSegment(shmid);
  }, [key, processes, exits]);
}

/**
 * The live shmid_ds of every segment on screen, laid out like `ipcs -m -i <id>`: the tutorial's
 * segment and whatever A, B and the learner's program have attached (another program's segment
 * included), each with who created it and what it lets the learner do.
 */
export function SegmentPanel(): ReactNode {
  const ofProgram = useProgramStore(useShallow((s) => programShmids(s)));
  const shmids = useLabStore(useShallow((s) => panelShmids(s, ofProgram)));
  useProgramSegmentStats(ofProgram);
  // The panel's IPC_RMID / IPC_SET answer belongs to the card whose button asked.
  const [actedOn, setActedOn] = useState<number | null>(null);
  if (shmids.length === 0) {
    return (
      <section className="segment-panel panel" aria-label="Segment">
        <h2>Segment</h2>
        <p className="muted">No segment yet. Create one with shmget (step 2).</p>
      </section>
    );
  }
  return (
    <section className="segment-panel panel" aria-label="Segment">
      {shmids.map((shmid) => (
        <SegmentPanelCard
          key={shmid}
          shmid={shmid}
          showsAnswer={actedOn === shmid}
          onAct={() => setActedOn(shmid)}
        />
      ))}
    </section>
  );
}
