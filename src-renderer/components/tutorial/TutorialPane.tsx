import type { ReactNode } from 'react';
import type { StepId } from '../../store/tutorial';
import { STEPS, useTutorialStore } from '../../store/tutorial';
import { StepBlocking } from './StepBlocking';
import { StepFreeRun } from './StepFreeRun';
import { StepFtok } from './StepFtok';
import { StepLive } from './StepLive';
import { StepNext } from './StepNext';
import { StepPointer } from './StepPointer';
import { StepProgram } from './StepProgram';
import { StepRmid } from './StepRmid';
import { StepScheduler } from './StepScheduler';
import { StepSemaphore } from './StepSemaphore';
import { StepShmat } from './StepShmat';
import { StepShmdt } from './StepShmdt';
import { StepShmget } from './StepShmget';
import { StepSpaces } from './StepSpaces';
import { StepUndo } from './StepUndo';
import { StepWriteRead } from './StepWriteRead';
import './TutorialPane.css';

const PANES: Record<StepId, () => ReactNode> = {
  spaces: () => <StepSpaces />,
  shmget: () => <StepShmget />,
  'shmat-a': () => <StepShmat name="A" number={3} />,
  'shmat-b': () => <StepShmat name="B" number={4} />,
  'write-read': () => <StepWriteRead />,
  live: () => <StepLive />,
  shmdt: () => <StepShmdt />,
  rmid: () => <StepRmid />,
  next: () => <StepNext />,
  scheduler: () => <StepScheduler />,
  'free-run': () => <StepFreeRun />,
  semaphore: () => <StepSemaphore />,
  blocking: () => <StepBlocking />,
  undo: () => <StepUndo />,
  pointer: () => <StepPointer />,
  ftok: () => <StepFtok />,
  program: () => <StepProgram />,
};

/** The current tutorial pane. */
export function TutorialPane(): ReactNode {
  const index = useTutorialStore((s) => s.index);
  const step = STEPS[index] ?? STEPS[0];
  return (
    <section className="tutorial-pane" aria-label="Tutorial">
      {PANES[step.id]()}
    </section>
  );
}
