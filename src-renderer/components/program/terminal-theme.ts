// xterm.js takes its colours as values, not CSS variables: they are read from the terminal's own
// box, whose CSS sets them from the app's theme variables, so the terminal matches the theme and
// follows it when it changes.
import type { ITheme } from '@xterm/xterm';

/**
 * The terminal's colours as the browser computed them for `element`: its background and colour,
 * and its caret-color for the selection (a property nothing else shows on a box like this).
 */
export function readTerminalTheme(element: HTMLElement): ITheme {
  const style = getComputedStyle(element);
  const background = style.backgroundColor;
  const foreground = style.color;
  const selection = style.caretColor;
  return {
    background,
    foreground,
    cursor: foreground,
    cursorAccent: background,
    selectionBackground: selection,
  };
}

/** Calls `onChange` whenever the app's theme may have changed; returns the stop function. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}
