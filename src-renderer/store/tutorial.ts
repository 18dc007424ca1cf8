// The tutorial stepper as an explicit little state machine: which pane is
// shown, and the moves between panes. Panes never hold lab state; they
// always show the current real state from the lab store.
import { create } from 'zustand';

export const STEPS = [
  { id: 'spaces', title: 'Two address spaces' },
  { id: 'shmget', title: 'shmget' },
  { id: 'shmat-a', title: 'shmat in A' },
  { id: 'shmat-b', title: 'shmat in B' },
  { id: 'write-read', title: 'Write in A, read in B' },
  { id: 'live', title: 'Live' },
  { id: 'shmdt', title: 'shmdt' },
  { id: 'rmid', title: 'IPC_RMID' },
  { id: 'next', title: 'What next' },
  { id: 'scheduler', title: 'Be the scheduler' },
  { id: 'free-run', title: 'Free run' },
  { id: 'semaphore', title: 'semget' },
  { id: 'blocking', title: 'P() and V()' },
  { id: 'undo', title: 'SEM_UNDO' },
  { id: 'pointer', title: 'Pointers' },
  { id: 'ftok', title: 'ftok' },
  { id: 'program', title: 'Your own program' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export type TutorialMove =
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'go'; index: number };

/** The pane index after `move` from `index` (moves past either end stay put). */
export function stepAfter(index: number, move: TutorialMove): number {
  const last = STEPS.length - 1;
  switch (move.type) {
    case 'next':
      return Math.min(index + 1, last);
    case 'back':
      return Math.max(index - 1, 0);
    case 'first':
      return 0;
    case 'last':
      return last;
    case 'go':
      return Number.isInteger(move.index) && move.index >= 0 && move.index <= last
        ? move.index
        : index;
  }
}

export const useTutorialStore = create<{ index: number }>()(() => ({ index: 0 }));

/** Applies a move to the tutorial. */
export function moveTutorial(move: TutorialMove): void {
  useTutorialStore.setState(({ index }) => ({ index: stepAfter(index, move) }));
}

/** The move a key press asks for, or null. Keys typed into fields are not moves. */
export function moveForKey(key: string, targetIsField: boolean): TutorialMove | null {
  if (targetIsField) return null;
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
      return { type: 'next' };
    case 'ArrowLeft':
    case 'PageUp':
      return { type: 'back' };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    default:
      return null;
  }
}
