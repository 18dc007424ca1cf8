// Reader of /proc/<pid>/stat.
import { readFileSync } from 'node:fs';

/**
 * The fields of /proc/<pid>/stat after the command name, so index 0 is field
 * 3 (state), 11 is utime, 12 is stime, 19 is starttime; null when the
 * process does not exist. The name (field 2) may hold spaces and
 * parentheses, so the split starts after its last ')'.
 */
export function readPidStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
