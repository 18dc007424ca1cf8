// Whose segment an id names: one this Lab created (ours to write and remove) or another
// program's or user's (opened read-only unless the learner explicitly asks otherwise).
import type { SegmentInfo, SegmentStat } from '../../src-main/common/api';
import type { ErrorEnvelope } from '../../src-main/common/errors';

/**
 * An IPC_STAT of one shmid as the store last made it. 'missing': no segment has the id now
 * (never did, or removed; `error` is the Lab's answer when a stat asked, null when an event said
 * so). 'refused': the kernel would not say (EACCES for a segment the user may not read).
 */
export type SegmentLookup =
  | { kind: 'stat'; stat: SegmentStat; at: number }
  | { kind: 'missing'; error: ErrorEnvelope | null; at: number }
  | { kind: 'refused'; error: ErrorEnvelope; at: number };

/**
 * 'owned': this Lab created it. 'foreign': another process created it (`stat` null when IPC_STAT
 * itself was refused, so its owner cannot be shown). 'missing': no segment has this id.
 * 'checking': nothing is known yet.
 */
export type SegmentOwnership =
  | { kind: 'owned' }
  | { kind: 'foreign'; stat: SegmentStat | null }
  | { kind: 'missing'; error: ErrorEnvelope | null }
  | { kind: 'checking' };

/** Codes with which IPC_STAT says that no segment has the id (any more). */
export const MISSING_CODES: ReadonlySet<string> = new Set(['E_NO_SUCH_SEGMENT', 'EINVAL', 'EIDRM']);

export interface OwnershipInput {
  /** Segments shmget returned to this Lab, by shmid, with the Lab's word on ownership. */
  known: Readonly<Partial<Record<number, SegmentInfo>>>;
  lookup: SegmentLookup | undefined;
  /** The process that makes the Lab's shmget calls; null before the system info arrived. */
  hostPid: number | null;
}

/**
 * Decides ownership of one segment. The Lab's own record wins; otherwise the kernel's creator
 * pid does: every segment this Lab creates has the host as its cpid.
 */
export function segmentOwnership(shmid: number, input: OwnershipInput): SegmentOwnership {
  const known = input.known[shmid];
  const { lookup } = input;
  if (lookup?.kind === 'missing') return { kind: 'missing', error: lookup.error };
  if (lookup?.kind === 'refused') {
    // IPC_STAT refused (EACCES) and the Lab never called it its own: its owner cannot be shown,
    // so the cautious reading is the foreign one (read-only unless the learner asks).
    return known?.owned === true ? { kind: 'owned' } : { kind: 'foreign', stat: null };
  }
  if (known !== undefined) {
    return known.owned
      ? { kind: 'owned' }
      : { kind: 'foreign', stat: lookup?.kind === 'stat' ? lookup.stat : known.stat };
  }
  if (lookup === undefined || input.hostPid === null) return { kind: 'checking' };
  return lookup.stat.cpid === input.hostPid
    ? { kind: 'owned' }
    : { kind: 'foreign', stat: lookup.stat };
}
