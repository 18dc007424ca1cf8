// The soak's action generator: a seed replays the same choices, the valid
// commands it draws pass the real schemas, and the invalid frames do not.
import { describe, expect, it } from 'vitest';
import { isCommandName } from '../../src-main/common/channels';
import { commandInputs } from '../../src-main/common/schemas';
import type { TabAction } from './actions';
import { nextAction } from './actions';
import type { CommandAction } from './commands';
import { Random } from './random';
import type { WorldView } from './world';
import { emptyView } from './world';

/** A Lab with something of everything: segments attached, sets, programs, runs, a semop waiting. */
function busyView(): WorldView {
  const view = emptyView(4096);
  view.segments = [
    { shmid: 32768, size: 100 },
    { shmid: 32769, size: 4 * 1024 * 1024 },
  ];
  view.attached = { A: view.segments[0]!, B: view.segments[1]! };
  view.pids = { A: 1000, B: 1001 };
  view.sets = [{ semid: 5, nsems: 3 }];
  view.programs = { sleeper: 'p1', forker: 'p2', quick: null, broken: null };
  view.runs = [{ runId: 3, pids: [2000, 2001] }];
  view.waitingInSemop = { A: true, B: false };
  return view;
}

/** `count` actions of one stream, the views alternating as a Lab's state would change. */
function draw(seed: number, count: number): TabAction[] {
  const random = Random.stream(seed, 'tab 0');
  const views = [emptyView(), busyView()];
  return Array.from({ length: count }, (_, i) => nextAction(random, views[i % 2]!));
}

function commandsOf(actions: readonly TabAction[]): CommandAction[] {
  return actions.flatMap((action) =>
    action.kind === 'command'
      ? [action]
      : action.kind === 'burst'
        ? action.commands
        : action.kind === 'stopReading'
          ? action.reads
          : [],
  );
}

describe('soak actions', () => {
  it('replays the same actions from the same seed, and others from another seed', () => {
    const first = draw(1234, 2000);
    expect(draw(1234, 2000)).toEqual(first);
    expect(draw(1235, 2000)).not.toEqual(first);
    // Every kind of action is drawn, so the replay covers all of them.
    expect(new Set(first.map((action) => action.kind))).toEqual(
      new Set(['command', 'burst', 'invalid', 'stopReading', 'reopen']),
    );
  });

  it('keeps each stream its own: draws of one tab do not shift another', () => {
    const alone = Random.stream(7, 'tab 0');
    const expected = Array.from({ length: 20 }, () => alone.next());
    const tab0 = Random.stream(7, 'tab 0');
    const tab1 = Random.stream(7, 'tab 1');
    const interleaved = Array.from({ length: 20 }, () => (tab1.next(), tab0.next()));
    expect(interleaved).toEqual(expected);
  });

  it('draws commands whose inputs the real schemas accept, across the command table', () => {
    const commands = commandsOf([1, 2, 3, 4, 5].flatMap((seed) => draw(seed, 3000)));
    for (const { command, input } of commands) {
      const parsed = commandInputs[command].safeParse(input);
      expect(parsed.success, `${command} ${JSON.stringify(input)?.slice(0, 200)}`).toBe(true);
    }
    // All but a handful of commands come up in 15 000 actions.
    expect(new Set(commands.map((c) => c.command)).size).toBeGreaterThanOrEqual(33);
  });

  it('draws invalid frames the host must refuse: unknown names or inputs the schemas reject', () => {
    const invalid = [1, 2, 3]
      .flatMap((seed) => draw(seed, 3000))
      .filter((a) => a.kind === 'invalid');
    expect(invalid.length).toBeGreaterThan(100);
    for (const action of invalid) {
      if (!('text' in action.frame) || !('answer' in action.expect) || action.expect.id === null) {
        continue;
      }
      const { command, input } = JSON.parse(action.frame.text.replace('<id>', '1')) as {
        command: unknown;
        input: unknown;
      };
      if (action.expect.answer === 'E_UNKNOWN_COMMAND') {
        expect(isCommandName(command), String(command)).toBe(false);
      } else {
        expect(isCommandName(command)).toBe(true);
        const parsed = commandInputs[command as keyof typeof commandInputs].safeParse(input);
        expect(parsed.success, `${String(command)} ${JSON.stringify(input)}`).toBe(false);
      }
    }
  });
});
