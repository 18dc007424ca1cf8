// The Lab's commands on a child's mapping that read it (read, touch, viewMemory), and what flows
// back from the children's watchers: memoryChanged for the window, pagesChanged for the rest. The
// bytes always come from the child's own mapping; main relays nothing it was told to write.
import type { ProcessName, ProcessState, ReadResult, TouchResult } from '../common/api';
import type { ParsedInput } from '../common/schemas';
import { attachmentOf, toHex } from './attachment-checks';
import type { ChangedRange } from './child-protocol';
import type { EventBus } from './event-bus';
import type { ProcessSlot } from './process-slot';

/** The reply of a child's read-like request, as a ReadResult with the address in that child. */
async function readAt(
  slot: ProcessSlot,
  offset: number,
  length: number,
  what: string,
  body:
    | { op: 'read'; offset: number; length: number; peek: boolean }
    | { op: 'view'; offset: number; length: number },
): Promise<ReadResult> {
  const attachment = attachmentOf(slot.current, offset, length, what);
  const reply = await slot.request(body);
  return {
    process: slot.name,
    offset,
    bytes: reply.bytes,
    address: toHex(BigInt(attachment.address) + BigInt(offset)),
  };
}

/** `length` bytes at `offset` of the slot's mapping, read by the child (peek: allocating nothing). */
export function readMemory(slot: ProcessSlot, input: ParsedInput<'read'>): Promise<ReadResult> {
  const { offset, length, peek } = input;
  return readAt(slot, offset, length, `${length} bytes`, { op: 'read', offset, length, peek });
}

/**
 * The slot's child touches the page holding `offset` itself: a one-byte load, then (unless the
 * attachment is read-only) a write fault that changes no byte. Either may give the child a page
 * table entry: the frame the segment has, or a new one when it had none.
 */
export async function touchPage(
  slot: ProcessSlot,
  input: ParsedInput<'touch'>,
): Promise<TouchResult> {
  const attachment = attachmentOf(slot.current, input.offset, 1, 'a byte to touch');
  const reply = await slot.request({ op: 'touch', offset: input.offset });
  return {
    process: slot.name,
    offset: input.offset,
    value: reply.value,
    wrote: reply.wrote,
    address: toHex(BigInt(attachment.address) + BigInt(input.offset)),
  };
}

/**
 * Makes [offset, offset + length) the window the child's watcher reports byte for byte, and
 * returns its bytes. The child sets the window and reads it in one step, so every later change
 * is measured against exactly the bytes returned here.
 */
export function viewMemory(
  slot: ProcessSlot,
  input: ParsedInput<'viewMemory'>,
): Promise<ReadResult> {
  const { offset, length } = input;
  return readAt(slot, offset, length, `a ${length}-byte window`, { op: 'view', offset, length });
}

/**
 * How long the other processes watch closely for a write the Lab is about to send (µs): longer
 * than a write's round trip on a busy machine, short enough to cost little when it is slower.
 */
const EXPECT_WITHIN_US = 5000;

/**
 * Our own process `writer` is about to write to segment `shmid`: the others watch their window
 * closely meanwhile, so they see the bytes as soon as they land, in parallel with the writer's
 * answer (pokeWatchers after the write still makes sure they looked).
 */
export function expectWrite(
  slots: Record<ProcessName, ProcessSlot>,
  writer: ProcessName,
  shmid: number,
): void {
  for (const slot of Object.values(slots)) {
    if (slot.name !== writer && slot.current.attachment?.shmid === shmid)
      slot.expect(EXPECT_WITHIN_US);
  }
}

/**
 * Our own process `writer` just wrote [offset, offset + length) of segment `shmid`: every
 * process with it attached looks now instead of at its next poll. Each still reads the bytes
 * from its own mapping; the poke carries no bytes. The others are poked before the writer:
 * theirs is the change a learner waits to see. Resolves once each has looked and reported (or
 * LOOK_WAIT_MS passed), so the write is answered after the reports it caused.
 */
export async function pokeWatchers(
  slots: Record<ProcessName, ProcessSlot>,
  writer: ProcessName,
  shmid: number,
  offset: number,
  length: number,
): Promise<void> {
  const order = Object.values(slots).sort(
    (a, b) => Number(a.name === writer) - Number(b.name === writer),
  );
  const looks = order
    .filter((slot) => slot.current.attachment?.shmid === shmid)
    .map((slot) => slot.poke(offset, length));
  await Promise.all(looks);
}

/**
 * Turns a child's watcher report into events: one memoryChanged per range of its window (with
 * the address in that child), one pagesChanged for the pages elsewhere. Reports about a segment
 * the child no longer has attached are dropped.
 */
export function reportChanges(
  events: EventBus,
  state: ProcessState,
  shmid: number,
  changes: ChangedRange[],
  pages: number[],
): void {
  const { attachment, name } = state;
  if (attachment === null || attachment.shmid !== shmid) return;
  if (pages.length > 0) events.emit('pagesChanged', { process: name, shmid, pages });
  const base = BigInt(attachment.address);
  for (const change of changes) {
    events.emit('memoryChanged', {
      process: name,
      shmid,
      offset: change.offset,
      bytes: change.bytes,
      address: toHex(base + BigInt(change.offset)),
    });
  }
}
