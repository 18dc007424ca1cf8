import { useState } from 'react';
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLabStore } from '../store/lab-store';
import { SegmentPanelCard } from './SegmentPanelCard';
import { panelShmids } from './segment-panel-model';
import './SegmentPanel.css';

/**
 * The live shmid_ds of every segment on screen, laid out like `ipcs -m -i <id>`: the tutorial's
 * segment and whatever A and B have attached (another program's segment included), each with who
 * created it and what it lets the learner do.
 */
export function SegmentPanel(): ReactNode {
  const shmids = useLabStore(useShallow(panelShmids));
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
