// The processes the diagram draws, each with how its facts are read now: A and B (each reads
// itself) and every live process of the learner's runs (read by the Lab from their /proc). The
// facts follower re-reads them all after anything that could change them.
import type { FactsChangedEvent, ProcessName } from '../common/api';
import { childMemory } from './child-inspect';
import type { DrawnProcess } from './facts-follower';
import type { ProcessSlot } from './process-slot';
import type { Programs } from './programs/programs';

const PROCESS_NAMES: readonly ProcessName[] = ['A', 'B'];

/**
 * A child's facts now: its maps, read here, and its page table (pagemap, and smaps when asked),
 * which it reads itself under the lock its looks take, so a look's passing entry (traceless.h)
 * is never drawn as the learner's.
 */
async function childFacts(slot: ProcessSlot, smaps: boolean): Promise<FactsChangedEvent | null> {
  const current = slot.current;
  const { pid, attachment } = current;
  if (current.status !== 'running' || pid === null) return null;
  const state = slot.snapshot;
  const table = attachment === null ? null : await slot.request({ op: 'pageTable', smaps });
  const target =
    attachment === null
      ? null
      : { shmid: attachment.shmid, address: BigInt(attachment.address), size: attachment.size };
  const memory = await childMemory(pid, target, table, smaps);
  // The record changed while the child read (an exit, a new attachment): what was read belongs
  // to no state the Lab holds now, and the read that change started follows.
  if (slot.current !== current) return null;
  return { kind: 'child', facts: { state, ...memory } };
}

/** A, B while running, and the processes of every run that is still going. */
export function drawnProcesses(
  slots: Record<ProcessName, ProcessSlot>,
  programs: Programs,
): DrawnProcess[] {
  const children = PROCESS_NAMES.map((name) => ({
    key: name,
    ofRun: false,
    read: (smaps: boolean) => childFacts(slots[name], smaps),
  }));
  const runs = programs.drawn().map(({ runId, pid, read }) => ({
    key: `run ${runId} pid ${pid}`,
    ofRun: true,
    read: async (smaps: boolean): Promise<FactsChangedEvent> => ({
      kind: 'program',
      facts: await read(smaps),
    }),
  }));
  return [...children, ...runs];
}
