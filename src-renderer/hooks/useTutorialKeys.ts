import { useEffect } from 'react';
import { moveForKey, moveTutorial } from '../store/tutorial';

function isField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) ||
    target.closest('[role="grid"]') !== null
  );
}

/** ←/→ (and PageUp/PageDown, Home/End) move between tutorial panes, except while typing. */
export function useTutorialKeys(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const move = moveForKey(event.key, isField(event.target));
      if (move === null) return;
      event.preventDefault();
      moveTutorial(move);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
