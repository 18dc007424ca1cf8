// "Make a fresh segment and attach it in A and B": steps 2 to 4 again, in one visible action,
// for the steps that need a live segment attached in both processes. Pure: which syscalls to
// run, and how each is written down for the learner.
import type { ProcessName, ProcessState, SegmentInfo } from '../../../src-main/common/api';
import type { ErrorEnvelope } from '../../../src-main/common/errors';
import { shmgetCallAsC } from './shmget-form';

/** What the fresh segment is made with: private, so no key can collide; owner read-write. */
export const FRESH_MODE = 0o600;

export type FreshStep =
  | { op: 'shmdt'; process: ProcessName; address: string }
  | { op: 'shmget'; size: number }
  | { op: 'shmat'; process: ProcessName };

/** What the steps that race, write and read need: one segment, attached read-write in both. */
export function bothAttached(a: ProcessState, b: ProcessState): boolean {
  return (
    a.attachment !== null &&
    b.attachment !== null &&
    a.attachment.shmid === b.attachment.shmid &&
    !a.attachment.readOnly &&
    !b.attachment.readOnly
  );
}

/**
 * The syscalls that leave a new segment attached in A and B: shmdt where a process still has
 * something attached (the Lab keeps one attachment per process), then shmget, then shmat in A
 * and in B. The size is the last segment's, so the step keeps working on what the learner chose,
 * else one page.
 */
export function freshSegmentPlan(
  processes: Record<ProcessName, ProcessState>,
  lastSegment: SegmentInfo | null,
  pageSize: number,
): FreshStep[] {
  const steps: FreshStep[] = [];
  for (const process of ['A', 'B'] as const) {
    const attachment = processes[process].attachment;
    if (attachment !== null) steps.push({ op: 'shmdt', process, address: attachment.address });
  }
  steps.push({ op: 'shmget', size: lastSegment?.requestedSize ?? pageSize });
  steps.push({ op: 'shmat', process: 'A' }, { op: 'shmat', process: 'B' });
  return steps;
}

/** One step as it ran: the call as C, where it ran, and what came back. */
export interface FreshLogEntry {
  call: string;
  /** 'in A (pid 4242)', 'in the ShmLab host'. */
  where: string;
  result: { ok: true; text: string } | { ok: false; error: ErrorEnvelope } | null;
}

/** The call a step makes, as C; `shmid` is what shmget returned (null before it ran). */
export function freshStepCall(step: FreshStep, shmid: number | null): string {
  switch (step.op) {
    case 'shmdt':
      return `shmdt(${step.address})`;
    case 'shmget':
      return shmgetCallAsC({
        ok: true,
        key: 0,
        size: step.size,
        create: true,
        exclusive: false,
        mode: FRESH_MODE,
      });
    case 'shmat':
      return `shmat(${shmid ?? 'shmid'}, NULL, 0)`;
  }
}

/** The pids of the processes that make the calls; null (or 0 for the host) when not known. */
export interface CallerPids {
  host: number | null;
  A: number | null;
  B: number | null;
}

/** Where a step runs: shmget in the host process, shmdt and shmat in the process named. */
export function freshStepWhere(step: FreshStep, pids: CallerPids): string {
  if (step.op === 'shmget') {
    return pids.host === null || pids.host <= 0
      ? 'in the ShmLab host'
      : `in the ShmLab host (pid ${pids.host})`;
  }
  const pid = pids[step.process];
  return pid === null ? `in ${step.process}` : `in ${step.process} (pid ${pid})`;
}

/** Whether a step lacks its segment, and why in a sentence; `why` is '' when nothing lacks. */
export interface FreshNeed {
  needed: boolean;
  why: string;
}

/**
 * What stops a step that needs one live segment attached read-write in A and B. `stat` is the
 * tutorial segment's last IPC_STAT, null once the kernel no longer has it.
 */
export function freshNeed(
  segment: SegmentInfo | null,
  stat: unknown,
  a: ProcessState,
  b: ProcessState,
): FreshNeed {
  if (bothAttached(a, b)) return { needed: false, why: '' };
  const gone = segment !== null && stat === null ? `${goneText(segment.shmid)} ` : '';
  const lacking = [a, b].filter((state) => state.attachment === null).map((state) => state.name);
  let why: string;
  if (segment === null && lacking.length === 2) why = 'There is no segment yet.';
  else if (lacking.length === 2) why = 'Neither A nor B has a segment attached.';
  else if (lacking.length === 1) why = `${lacking[0] ?? ''} has no segment attached.`;
  else if (a.attachment?.shmid !== b.attachment?.shmid) {
    why = `A and B have different segments attached (${a.attachment?.shmid} and ${b.attachment?.shmid}).`;
  } else {
    why = `${a.attachment?.readOnly === true ? 'A' : 'B'} attached the segment read-only.`;
  }
  return { needed: true, why: `${gone}${why}` };
}

function goneText(shmid: number): string {
  return `Segment ${shmid} no longer exists: it was removed (IPC_RMID) and its last attachment is gone.`;
}

/** What stops a step that needs the tutorial's segment to exist (IPC_RMID in step 8). */
export function segmentNeed(segment: SegmentInfo | null, stat: unknown): FreshNeed {
  if (segment === null) return { needed: true, why: 'There is no segment yet.' };
  return stat === null
    ? { needed: true, why: goneText(segment.shmid) }
    : { needed: false, why: '' };
}
