import type { ReactNode } from 'react';
import { AppHeader } from './components/AppHeader';
import { MemoryDiagram } from './components/MemoryDiagram';
import { ProcessPane } from './components/ProcessPane';
import { SegmentPanel } from './components/SegmentPanel';
import { Stepper } from './components/tutorial/Stepper';
import { TutorialPane } from './components/tutorial/TutorialPane';
import { useTutorialKeys } from './hooks/useTutorialKeys';
import './App.css';

/** The window: stepper on top, the tutorial and the segment on the left, the lab on the right. */
export function App(): ReactNode {
  useTutorialKeys();
  return (
    <div className="app">
      <AppHeader />
      <Stepper />
      <main className="app__main">
        <aside className="app__tutorial">
          <TutorialPane />
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
