// "You are the scheduler": one instruction of `counter = counter + 1` in one child, on its own
// register and its own mapping. The counter in the answer is what that process reads after the
// step; a store is followed by a poke, so the other pane shows the change as soon as it can.
import type { ProcessName, StepResult } from '../common/api';
import type { ParsedInput } from '../common/schemas';
import { attachmentOf, toHex, writableAttachment } from './attachment-checks';
import { pokeWatchers } from './memory-commands';
import type { ProcessSlot } from './process-slot';

const COUNTER = 'the u32 counter';

/** One instruction in `input.process`; store needs a writable attachment. */
export async function step(
  slots: Record<ProcessName, ProcessSlot>,
  input: ParsedInput<'step'>,
): Promise<StepResult> {
  const slot = slots[input.process];
  const attachment =
    input.instruction === 'store'
      ? writableAttachment(slot.current, input.offset, 4, COUNTER)
      : attachmentOf(slot.current, input.offset, 4, COUNTER);
  const reply = await slot.request({
    op: 'step',
    instruction: input.instruction,
    offset: input.offset,
  });
  if (input.instruction === 'store') {
    await pokeWatchers(slots, input.process, attachment.shmid, input.offset, 4);
  }
  return {
    process: input.process,
    instruction: input.instruction,
    offset: input.offset,
    ...reply,
    address: toHex(BigInt(attachment.address) + BigInt(input.offset)),
  };
}

/** Empties the child's register; the answer carries the counter as it reads it now. */
export async function resetSteps(
  slot: ProcessSlot,
  input: ParsedInput<'resetSteps'>,
): Promise<StepResult> {
  const attachment = attachmentOf(slot.current, input.offset, 4, COUNTER);
  const reply = await slot.request({ op: 'resetSteps', offset: input.offset });
  return {
    process: input.process,
    // The contract's StepResult names an instruction; a reset is reported as the load it awaits.
    instruction: 'load',
    offset: input.offset,
    ...reply,
    address: toHex(BigInt(attachment.address) + BigInt(input.offset)),
  };
}
