// Drives one tab slot for the soak's length: draws actions from its own
// random stream and carries them out, reopening the tab whenever it closed
// (on purpose or not).
import { nextAction, thinkTime } from './actions';
import type { CommandAction } from './commands';
import type { Random } from './random';
import { SoakTab } from './tab';
import type { Tally } from './tally';
import type { World } from './world';

export interface TabSlotOptions {
  target: { url: string; origin: string };
  random: Random;
  world: World;
  tally: Tally;
  /** Resolves when the soak ends (its time is up, or the host exited). */
  until: Promise<unknown>;
}

/** How long answers may still arrive once the soak's time is up. */
const END_GRACE_MS = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function runCommand(
  tab: SoakTab,
  action: CommandAction,
  options: TabSlotOptions,
): Promise<void> {
  options.tally.sent.add(action.command);
  options.world.applySent(action.command);
  await tab.call(action.command, action.input, action.program);
}

/** Opens a tab, retrying a few times (the host may be busy); null when it would not open. */
async function openTab(options: TabSlotOptions, isOver: () => boolean): Promise<SoakTab | null> {
  for (let attempt = 0; attempt < 5 && !isOver(); attempt += 1) {
    try {
      return await SoakTab.open(options.target, options.world, options.tally);
    } catch (error) {
      options.tally.reconnectFailures.add((error as Error).message.slice(0, 80));
      await sleep(1000);
    }
  }
  return null;
}

/** Runs one slot until `until` resolves; leaves its tab closed. */
export async function runTabSlot(options: TabSlotOptions): Promise<void> {
  let over = false;
  let tab: SoakTab | null = null;
  void options.until.then(async () => {
    over = true;
    // Answers under way get a moment; then the tab closes, and what is still unanswered is
    // counted as abandoned rather than holding the end for the full answer deadline.
    await sleep(END_GRACE_MS);
    if (tab !== null && !tab.isClosed) await tab.close(false);
  });
  const isOver = () => over;
  while (!over) {
    if (tab === null || tab.isClosed) {
      if (tab !== null) options.tally.reopened += 1;
      tab = await openTab(options, isOver);
      if (tab === null) {
        await sleep(2000);
        continue;
      }
      // What a page does first on load.
      await runCommand(tab, { kind: 'command', command: 'getState', input: undefined }, options);
    }
    const action = nextAction(options.random, options.world.snapshot());
    switch (action.kind) {
      case 'command':
        await runCommand(tab, action, options);
        break;
      case 'burst':
        await Promise.all(action.commands.map((command) => runCommand(tab!, command, options)));
        break;
      case 'invalid':
        await tab.sendInvalid(action);
        break;
      case 'stopReading': {
        const answers = action.reads.map((read) => runCommand(tab!, read, options));
        await tab.stopReading(action.ms);
        await Promise.all(answers);
        break;
      }
      case 'reopen':
        await tab.close(action.abrupt);
        await sleep(action.pauseMs);
        break;
    }
    await sleep(thinkTime(options.random));
  }
  if (tab !== null && !tab.isClosed) await tab.close(false);
}
