// The race the synchronisation pane shows: A and B each add 1 to one u32,
// `times` times, at once, with no lock (read, add, write back).
import type { ProcessName, RaceResult } from '../common/api';
import { LabError } from '../common/errors';
import type { ParsedInput } from '../common/schemas';
import type { ProcessSlot } from './process-slot';

const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];

/**
 * Zeroes the counter through A, runs both loops at once, and reads the
 * result back through A. The slots' attachments must already have been
 * checked (writable, the counter inside the segment).
 */
export async function runRace(
  slots: Record<ProcessName, ProcessSlot>,
  input: ParsedInput<'race'>,
): Promise<RaceResult> {
  const [a, b] = PROCESS_NAMES.map((name) => slots[name].current.attachment);
  if (a?.shmid !== b?.shmid) {
    throw new LabError(
      'E_BAD_INPUT',
      `A and B have different segments attached (${a?.shmid} and ${b?.shmid}); attach the same one in both`,
    );
  }
  await slots.A.request({ op: 'write', offset: input.offset, bytes: [0, 0, 0, 0] });
  const started = performance.now();
  await Promise.all(
    PROCESS_NAMES.map((name) =>
      slots[name].request({ op: 'increment', offset: input.offset, times: input.times }),
    ),
  );
  const durationMs = performance.now() - started;
  const { bytes } = await slots.A.request({
    op: 'read',
    offset: input.offset,
    length: 4,
    peek: false,
  });
  const final = new DataView(Uint8Array.from(bytes).buffer).getUint32(0, true);
  const expected = input.times * 2;
  const nsPerIncrement = (durationMs * 1e6) / input.times;
  return {
    variant: input.variant,
    offset: input.offset,
    times: input.times,
    expected,
    final,
    lost: expected - final,
    durationMs,
    perProcess: {
      A: { done: input.times, nsPerIncrement },
      B: { done: input.times, nsPerIncrement },
    },
    cancelled: false,
    semid: null,
  };
}
