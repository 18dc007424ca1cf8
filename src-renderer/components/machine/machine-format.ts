// How the machine view writes the kernel's numbers: as `ipcs` prints them, so a learner can
// hold the two side by side (and the e2e specs can compare them cell by cell).
import { formatCtime } from '../../geometry/ipcs-format';

/** The permission bits as `ipcs` prints its perms column: octal without a prefix ('600'). */
export function formatPerms(mode: number): string {
  return (mode & 0o777).toString(8);
}

/** The permission bits as `ls -l` writes them ('rw-r-----'), for the column's tooltip. */
export function permString(mode: number): string {
  const letters = 'rwx';
  let text = '';
  for (let bit = 8; bit >= 0; bit -= 1) {
    text += (mode >> bit) & 1 ? letters[(8 - bit) % 3] : '-';
  }
  return text;
}

/**
 * A time as `ipcs -t` prints it, in local time without the weekday and the year
 * ('Nov 30 00:07:25'); 'Not set' for 0, as ipcs says.
 */
export function formatShortTime(seconds: number): string {
  if (seconds === 0) return 'Not set';
  return formatCtime(seconds).slice(4, 19);
}

/** The owner as ipcs's owner column shows it: the user name, or the uid when it has none. */
export function ownerName(user: string | null, uid: number): string {
  return user ?? String(uid);
}

/** A count with its noun: '1 process', '3 processes'. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
