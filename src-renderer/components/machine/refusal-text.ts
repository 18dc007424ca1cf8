// The sentence that says why the kernel refused an action on a row of the machine view, in the
// row's own terms: which mode bits applied to the Lab's uid (EACCES), or that the object vanished
// between the list and the click (EINVAL, EIDRM). errno-text.ts says what the code means in
// general; this says what it means for this object.
import type { ErrorEnvelope } from '../../../src-main/common/errors';
import { formatPerms, permString } from './machine-format';

/** The ipc_perm fields the kernel's permission check reads. */
export interface IpcOwner {
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Permission bits (higher bits ignored). */
  perms: number;
}

/** Codes that mean the id names nothing now. */
export const VANISHED_CODES: ReadonlySet<string> = new Set([
  'EINVAL',
  'EIDRM',
  'E_NO_SUCH_SEGMENT',
  'E_NO_SUCH_SET',
]);

/** What the refused call asked for: read (SHM_RDONLY, IPC_STAT) or read and write. */
export type Access = 'read' | 'read-write';

function triplet(perms: number, who: 'owner' | 'group' | 'other'): string {
  const text = permString(perms & 0o777);
  return who === 'owner' ? text.slice(0, 3) : who === 'group' ? text.slice(3, 6) : text.slice(6, 9);
}

/**
 * EACCES in words: the object's mode, whose bits the kernel applied to the Lab's uid (owner when
 * the uid is its owner or creator; otherwise group or other, after the Lab's groups, which the Lab
 * does not report), and what the call needed.
 */
export function modeBitsText(
  object: string,
  owner: IpcOwner,
  labUid: number,
  access: Access,
): string {
  const mode = `${object} has mode ${formatPerms(owner.perms)} (${permString(owner.perms & 0o777)}), owner uid ${owner.uid}, group ${owner.gid}`;
  const needs = access === 'read' ? 'reading needs r' : 'read-write needs r and w';
  if (labUid === owner.uid || labUid === owner.cuid) {
    return `${mode}. The Lab runs as uid ${labUid}, its ${labUid === owner.uid ? 'owner' : 'creator'}, so the owner bits (${triplet(owner.perms, 'owner')}) apply; ${needs}.`;
  }
  return `${mode}. The Lab runs as uid ${labUid}, not its owner or creator, so the group bits (${triplet(owner.perms, 'group')}) apply if uid ${labUid} is in group ${owner.gid}, otherwise the other bits (${triplet(owner.perms, 'other')}); ${needs}.`;
}

/** The sentence for a vanished object. */
export function vanishedText(object: string): string {
  return `${object} vanished between the list and your click: it was removed (and, for a segment, its last attachment went). The row stays in the list, marked gone.`;
}

/** The row-specific words for `error`, or null when the general explanation says it all. */
export function refusalText(
  error: ErrorEnvelope,
  object: string,
  owner: IpcOwner | null,
  labUid: number | null,
  access: Access,
): string | null {
  if (VANISHED_CODES.has(error.code)) return vanishedText(object);
  if (error.code === 'EACCES' && owner !== null && labUid !== null)
    return modeBitsText(object, owner, labUid, access);
  return null;
}
