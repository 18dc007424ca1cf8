import type { ReactNode } from 'react';
import { AppHeader } from './components/AppHeader';
import { MemoryDiagram } from './components/MemoryDiagram';
import { ProcessPane } from './components/ProcessPane';
import { SegmentPanel } from './components/SegmentPanel';
import { Stepper } from './components/tutorial/Stepper';
import { TutorialPane } from './components/tutorial/TutorialPane';
import { useTutorialKeys } from './hooks/useTutorialKeys';
import { MachineView } from './components/machine/MachineView';
import { useMachineHash } from './components/machine/useMachineHash';
import { useMachineStore } from './store/machine-store';
import './App.css';

/**
 * The window: stepper on top, the tutorial and the segment on the left, the lab on the right. The
 * machine view, when open, takes the tutorial's place (and the stepper's), beside the same lab.
 */
export function App(): ReactNode {
  useTutorialKeys();
  useMachineHash();
  const machineOpen = useMachineStore((s) => s.open);
  return (
    <div className={machineOpen ? 'app app--machine' : 'app'}>
      <AppHeader />
      {machineOpen ? null : <Stepper />}
      <main className="app__main">
        <aside className="app__tutorial">
          {machineOpen ? <MachineView /> : <TutorialPane />}
          <SegmentPanel />
        </aside>
        <section className="app__lab" aria-label="Lab">
          <MemoryDiagram />
          <div className="app__processes">
            <ProcessPane name="A" />
            <ProcessPane name="B" />
          </div>
        </section>
      </main>
    </div>
  );
}
