// The semaphore set as `ipcs -s -i <semid>` (util-linux) prints it, field for field, so the
// panel can be checked against ipcs at the same moment.
import type { SemaphoreSetStat } from '../../../../src-main/common/api';
import { formatCtime, formatOctal } from '../../../geometry/ipcs-format';

/** One "name=value" of ipcs's header, with the name ipcs gives it. */
export interface IpcsField {
  name: string;
  value: string;
}

/** The header fields, in ipcs's order: semid, owner and creator, mode, nsems, the two times. */
export function semaphoreHeaderFields(stat: SemaphoreSetStat): IpcsField[] {
  return [
    { name: 'semid', value: String(stat.semid) },
    { name: 'uid', value: String(stat.uid) },
    { name: 'gid', value: String(stat.gid) },
    { name: 'cuid', value: String(stat.cuid) },
    { name: 'cgid', value: String(stat.cgid) },
    { name: 'mode', value: formatOctal(stat.mode) },
    { name: 'access_perms', value: formatOctal(stat.mode & 0o777) },
    { name: 'nsems', value: String(stat.nsems) },
    { name: 'otime', value: formatCtime(stat.otime) },
    { name: 'ctime', value: formatCtime(stat.ctime) },
  ];
}

/** ipcs's table columns, and the field of SemaphoreValue each one shows. */
export const SEMAPHORE_COLUMNS = [
  { name: 'semnum', field: 'semnum', meaning: 'which semaphore of the set' },
  { name: 'value', field: 'semval', meaning: 'its value (semval)' },
  { name: 'ncount', field: 'semncnt', meaning: 'processes waiting for it to grow (semncnt)' },
  { name: 'zcount', field: 'semzcnt', meaning: 'processes waiting for it to be 0 (semzcnt)' },
  { name: 'pid', field: 'sempid', meaning: 'the last process to operate on it (sempid)' },
] as const;

/** What the values mean for the lock the panes build on semaphore 0, in a sentence. */
export function lockText(stat: SemaphoreSetStat): string {
  const sem = stat.sems[0];
  if (sem === undefined) return 'The set has no semaphore 0.';
  const waiting =
    sem.semncnt === 0
      ? 'nobody waits for it'
      : `${sem.semncnt} process${sem.semncnt === 1 ? '' : 'es'} wait${sem.semncnt === 1 ? 's' : ''} in P()`;
  if (sem.semval === 0) return `Semaphore 0 is 0: the lock is taken, and ${waiting}.`;
  return `Semaphore 0 is ${sem.semval}: ${sem.semval === 1 ? 'the lock is free' : `${sem.semval} P() can pass before one waits`}, and ${waiting}.`;
}
