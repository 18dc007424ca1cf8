import { Suspense, lazy } from 'react';
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
import { useProgramHash } from './components/program/useProgramHash';
import { useProgramStore } from './store/program-store';
import './App.css';

// The program view brings an editor and a terminal (most of the app's code by size): loaded the
// first time it opens, so a window that never opens it never parses them.
const ProgramView = lazy(() =>
  import('./components/program/ProgramView').then((module) => ({ default: module.ProgramView })),
);

/**
 * The window: stepper on top, the tutorial and the segment on the left, the lab on the right. The
 * machine view or the program view, when open, takes the tutorial's place (and the stepper's),
 * beside the same lab.
 */
export function App(): ReactNode {
  useTutorialKeys();
  useMachineHash();
  useProgramHash();
  const machineOpen = useMachineStore((s) => s.open);
  const programOpen = useProgramStore((s) => s.open);
  const view = machineOpen ? 'machine' : programOpen ? 'program' : null;
  return (
    <div className={view === null ? 'app' : `app app--view app--${view}`}>
      <AppHeader />
      {view === null ? <Stepper /> : null}
      <main className="app__main">
        <aside className="app__tutorial">
          {view === 'machine' ? (
            <MachineView />
          ) : view === 'program' ? (
            <Suspense fallback={<p className="app__loading">Loading the editor and terminal…</p>}>
              <ProgramView />
            </Suspense>
          ) : (
            <TutorialPane />
          )}
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
