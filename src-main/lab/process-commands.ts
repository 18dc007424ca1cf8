// The Lab's commands on one of its two children as a whole: shmat and shmdt made by the child
// (with the record and the events that follow), inspect, respawn after an exit, and which pid
// is which process of the Lab.
import type { CommandOutput, ProcessName, ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import type { EventBus } from './event-bus';
import type { ShmKernel } from './kernel';
import { existingSegment, requireAttachAllowed } from './ownership';
import type { ProcessSlot } from './process-slot';
import type { SegmentBook } from './segment-book';

/** What attach and detach touch besides the child's slot. */
export interface AttachmentDeps {
  kernel: ShmKernel;
  book: SegmentBook;
  events: EventBus;
}

/** shmat made by the child of `slot`; the record, the book and processStatus follow. */
export async function attach(
  deps: AttachmentDeps,
  slot: ProcessSlot,
  input: ParsedInput<'attach'>,
): Promise<ProcessState> {
  const { kernel, book, events } = deps;
  requireAttachAllowed(kernel, book, input.shmid, input);
  let reply;
  try {
    reply = await slot.request({
      op: 'attach',
      shmid: input.shmid,
      address: input.address ?? null,
      readOnly: input.readOnly,
      round: input.round,
    });
  } catch (error) {
    // shmat's EINVAL covers a bad address and a missing id alike: say which.
    if ((error as { code?: unknown }).code === 'EINVAL') {
      existingSegment(kernel, book, input.shmid, 'shmat');
    }
    throw error;
  }
  const state = slot.setAttachment(reply);
  book.trackById(input.shmid);
  events.emit('processStatus', { change: 'attached', state });
  book.refresh();
  return state;
}

/** shmdt made by the child of `slot`; a stale record (the child has nothing) is reconciled. */
export async function detach(deps: AttachmentDeps, slot: ProcessSlot): Promise<ProcessState> {
  const { book, events } = deps;
  try {
    await slot.request({ op: 'detach' });
  } catch (error) {
    // The child has nothing attached while our record says otherwise (say
    // after a timed-out request): the child is right, so clear the record.
    const stale =
      (error as { code?: unknown }).code === 'E_NOT_ATTACHED' && slot.current.attachment !== null;
    if (!stale) throw error;
    const state = slot.setAttachment(null);
    events.emit('processStatus', { change: 'reconciled', state });
    book.refresh();
    return state;
  }
  const state = slot.setAttachment(null);
  events.emit('processStatus', { change: 'detached', state });
  book.refresh();
  return state;
}

/** What the child of `slot` reads about itself now (maps, smaps, pagemap), with its state. */
export async function inspect(slot: ProcessSlot): Promise<CommandOutput<'inspect'>> {
  const facts = await slot.request({ op: 'inspect' });
  return { ...facts, state: slot.snapshot };
}

/** Starts the child of `slot` again; only an exited one may be. */
export async function respawn(slot: ProcessSlot): Promise<ProcessState> {
  if (slot.current.status !== 'exited') {
    throw new LabError(
      'E_BAD_INPUT',
      `process ${slot.name} is ${slot.current.status}; only an exited process can be respawned`,
    );
  }
  return slot.spawn();
}

/** The Lab's own processes by pid: the host and each child that has one. */
export function labProcesses(
  hostPid: number,
  slots: Record<ProcessName, ProcessSlot>,
): Map<number, ProcessName | 'host'> {
  const found = new Map<number, ProcessName | 'host'>([[hostPid, 'host']]);
  for (const slot of Object.values(slots)) {
    const { pid } = slot.current;
    if (pid !== null) found.set(pid, slot.name);
  }
  return found;
}
