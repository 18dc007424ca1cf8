// What each tutorial action ran, as C, recorded when its button is pressed, so the pane can
// show every result next to the call that produced it. Keyed like the store's outcomes.
import { create } from 'zustand';

export const useStepCalls = create<Record<string, readonly string[]>>()(() => ({}));

/** Records the C that the action stored under `key` is about to run. */
export function recordCall(key: string, lines: readonly string[]): void {
  useStepCalls.setState({ [key]: lines });
}

/**
 * The key of the newest outcome among `keys` (the one with the latest time), or null when none
 * has run: a pane with several actions shows only the answer to its newest one.
 */
export function newestKey<K extends string>(
  keys: readonly K[],
  outcomes: Partial<Record<string, { at: number }>>,
): K | null {
  let newest: K | null = null;
  let at = -Infinity;
  for (const key of keys) {
    const outcome = outcomes[key];
    if (outcome !== undefined && outcome.at >= at) {
      newest = key;
      at = outcome.at;
    }
  }
  return newest;
}
