import { describe, expect, it } from 'vitest';
import { STEPS, moveForKey, stepAfter } from './tutorial';

describe('tutorial state machine', () => {
  it('moves forward and back and stays put at either end', () => {
    expect(stepAfter(0, { type: 'next' })).toBe(1);
    expect(stepAfter(3, { type: 'back' })).toBe(2);
    expect(stepAfter(0, { type: 'back' })).toBe(0);
    expect(stepAfter(STEPS.length - 1, { type: 'next' })).toBe(STEPS.length - 1);
  });

  it('jumps to any pane, and ignores a jump outside the tutorial', () => {
    expect(stepAfter(0, { type: 'go', index: 7 })).toBe(7);
    expect(stepAfter(4, { type: 'go', index: 99 })).toBe(4);
    expect(stepAfter(4, { type: 'go', index: -1 })).toBe(4);
    expect(stepAfter(4, { type: 'last' })).toBe(STEPS.length - 1);
    expect(stepAfter(4, { type: 'first' })).toBe(0);
  });

  it('maps keys to moves, but not while typing in a field', () => {
    expect(moveForKey('ArrowRight', false)).toEqual({ type: 'next' });
    expect(moveForKey('ArrowLeft', false)).toEqual({ type: 'back' });
    expect(moveForKey('ArrowRight', true)).toBeNull();
    expect(moveForKey('a', false)).toBeNull();
  });

  it('has seventeen panes: shared memory, the synchronisation lab, then ftok and your program', () => {
    expect(STEPS.map((step) => step.id)).toEqual([
      'spaces',
      'shmget',
      'shmat-a',
      'shmat-b',
      'write-read',
      'live',
      'shmdt',
      'rmid',
      'next',
      'scheduler',
      'free-run',
      'semaphore',
      'blocking',
      'undo',
      'pointer',
      'ftok',
      'program',
    ]);
  });
});
