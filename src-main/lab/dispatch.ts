// The one place a command from outside reaches the Lab: the name is checked,
// the input validated with the command's schema, the outcome enveloped.
// The Electron IPC gate and the web host both call this.
import type { CommandName } from '../common/channels';
import { COMMAND_NAMES, isCommandName } from '../common/channels';
import type { Result } from '../common/errors';
import { settle } from '../common/errors';
import { commandInputs, describeIssues } from '../common/schemas';
import { asWriteInput } from '../common/write-input-check';
import type { LabService } from './lab';

/** A Lab as the gates see it: its commands, and the re-read that follows each (Lab.settleFacts). */
export type DispatchTarget = LabService & { settleFacts(): Promise<void> };

/**
 * Commands that only read (the kernel's tables, /proc, a peek that leaves no trace): nothing
 * they do can change what is drawn, and an answer held back behind a re-read would carry a
 * reading older than the events sent meanwhile.
 */
const READS_ONLY: ReadonlySet<CommandName> = new Set<CommandName>([
  'getState',
  'listSegments',
  'statSegment',
  'inspect',
  'viewMemory',
  'statSemaphore',
  'threadState',
  'machine',
  'compilerInfo',
  'inspectProgramProcess',
  'ftok',
]);

/**
 * Validates `input` for `command` and runs it; never throws. Whatever a command that acts did,
 * its answer waits for the facts it may have changed to be re-read and sent.
 */
export async function dispatch(
  service: DispatchTarget,
  command: unknown,
  input: unknown,
): Promise<Result<unknown>> {
  if (!isCommandName(command)) {
    const shown =
      typeof command === 'string' ? JSON.stringify(command.slice(0, 60)) : typeof command;
    return {
      ok: false,
      error: {
        code: 'E_UNKNOWN_COMMAND',
        message: `unknown command ${shown}; allowed: ${COMMAND_NAMES.join(', ')}`,
      },
    };
  }
  // The write, on every click's way to the other pane, skips zod when it plainly fits.
  const quick = command === 'write' ? asWriteInput(input) : null;
  const parsed =
    quick !== null
      ? ({ success: true, data: quick } as const)
      : commandInputs[command].safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: { code: 'E_BAD_INPUT', message: `${command}: ${describeIssues(parsed.error)}` },
    };
  }
  const run = service[command] as (this: LabService, input: unknown) => Promise<unknown>;
  const result = await settle(() => run.call(service, parsed.data));
  if (!READS_ONLY.has(command)) await service.settleFacts().catch(() => undefined);
  return result;
}
