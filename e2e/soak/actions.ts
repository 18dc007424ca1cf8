// What a soak tab does next: a command, a burst of commands sent without
// waiting, an invalid frame, a stretch of not reading, or closing and
// reopening. Pure: the same seed and the same views give the same actions.
import { PROCESSES, wholeReadInput } from './command-inputs';
import type { CommandAction } from './commands';
import { nextCommand } from './commands';
import type { InvalidAction } from './invalid';
import { nextInvalid } from './invalid';
import type { Random } from './random';
import type { WorldView } from './world';

export type TabAction =
  | CommandAction
  | InvalidAction
  /** Several commands sent at once, answers awaited together (a user clicking fast). */
  | { kind: 'burst'; commands: CommandAction[] }
  /**
   * The tab stops reading its socket (a frozen or background tab); the host must cope. `reads`
   * are sent just before: big answers the host must hold while the tab does not read.
   */
  | { kind: 'stopReading'; ms: number; reads: CommandAction[] }
  /** The tab closes (abruptly: a crash, no close frame) and a new one opens after a pause. */
  | { kind: 'reopen'; abrupt: boolean; pauseMs: number };

/** Odds of each kind of action, per action. */
const KIND_WEIGHTS = {
  command: 86,
  burst: 6,
  invalid: 6,
  stopReading: 0.6,
  reopen: 0.5,
} as const;

/** The next action of a tab that knows `view`. */
export function nextAction(random: Random, view: WorldView): TabAction {
  switch (random.weighted(KIND_WEIGHTS)) {
    case 'command':
      return nextCommand(random, view);
    case 'burst':
      return {
        kind: 'burst',
        commands: Array.from({ length: random.int(2, 6) }, () => nextCommand(random, view)),
      };
    case 'invalid':
      return nextInvalid(random);
    case 'stopReading': {
      const attached = PROCESSES.filter((process) => view.attached[process] !== null);
      const reads = attached.length === 0 ? 0 : random.int(0, 3);
      return {
        kind: 'stopReading',
        ms: random.int(2_000, 20_000),
        reads: Array.from({ length: reads }, () => ({
          kind: 'command' as const,
          command: 'read' as const,
          input: wholeReadInput(view, random.pick(attached)),
        })),
      };
    }
    case 'reopen':
      return { kind: 'reopen', abrupt: random.chance(0.5), pauseMs: random.int(100, 3_000) };
  }
}

/** How long a tab waits between actions, ms: a person's pace, with quick runs. */
export function thinkTime(random: Random): number {
  return random.chance(0.3) ? random.int(0, 10) : random.int(20, 250);
}
