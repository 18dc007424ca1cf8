// Brings the Lab back to how it started before the end's figures are read:
// no run going, A and B running with nothing attached. Then the host's open
// files and memory at the end compare with the start, and a difference is
// something it kept. Segments and sets are left: removing them on SIGTERM is
// part of what the soak checks.
import type { LabState, ProcessName } from '../../src-main/common/api';
import type { CommandName } from '../../src-main/common/channels';
import { SoakTab } from './tab';
import { Tally } from './tally';
import type { World } from './world';

const PROCESSES: readonly ProcessName[] = ['A', 'B'];

/** What the Lab looked like after the quiet-down, in words, and what could not be done. */
export interface Quiesced {
  state: string;
  problems: string[];
}

/** Stops every known run, respawns a dead child and detaches both, through one fresh tab. */
export async function quiesce(
  target: { url: string; origin: string },
  world: World,
): Promise<Quiesced> {
  const problems: string[] = [];
  let tab: SoakTab;
  try {
    // Its own tally: these commands are not part of the random traffic's figures.
    tab = await SoakTab.open(target, world, new Tally());
  } catch (error) {
    return { state: 'not reached', problems: [`no tab: ${(error as Error).message}`] };
  }
  const call = async (command: CommandName, input?: unknown): Promise<unknown> => {
    const result = await tab.call(command, input);
    if (result === null) problems.push(`${command}: no answer`);
    else if (!result.ok)
      problems.push(`${command} ${JSON.stringify(input ?? '')}: ${result.error.code}`);
    return result?.ok === true ? result.value : null;
  };
  await call('cancelRace');
  for (const run of world.snapshot().runs) await call('stopProgram', { runId: run.runId });
  let state = (await call('getState')) as LabState | null;
  for (const process of PROCESSES) {
    const child = state?.processes[process];
    if (child?.status === 'exited') await call('respawn', { process });
    else if (child?.attachment !== null && child?.attachment !== undefined) {
      await call('detach', { process });
    }
  }
  state = (await call('getState')) as LabState | null;
  await tab.close(false);
  const described =
    state === null
      ? 'unknown'
      : PROCESSES.map((p) => {
          const child = state.processes[p];
          return `${p} ${child.status}${child.attachment === null ? '' : ` attached ${child.attachment.shmid}`}`;
        }).join(', ') + `, ${world.snapshot().runs.length} runs known`;
  return { state: described, problems };
}
