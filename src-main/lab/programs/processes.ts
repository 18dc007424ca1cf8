// The processes of a run, read from /proc: each one's stat (ppid, group, session, state, command,
// start time, and the wait status a zombie holds) and its System V attachments from its maps.
// Descendants are found from /proc/<pid>/task/<tid>/children of the processes already known;
// where the kernel lacks those files (CONFIG_PROC_CHILDREN off), and whenever a process of the
// run disappeared (its children, reparented, are in no known process's list any more), a scan
// of /proc by session finds the rest.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { ProgramAttachment } from '../../common/api';
import { parseMapsLine, shmKeyOfPath } from '../../proc/maps';

/** One process as /proc shows it at one moment. */
export interface SeenProcess {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Field 3: 'R', 'S', 'D', 'T', 'Z'… */
  state: string;
  /** Field 2: the command name (what /proc/<pid>/comm holds). */
  command: string;
  /** Field 22: clock ticks after boot; with the pid, names the process. */
  startTime: string;
  /** Field 52: the wait status, meaningful for a zombie (0 for a live process). */
  waitStatus: number;
  /** Its System V attachments in address order (none for a zombie: its memory is gone). */
  attachments: ProgramAttachment[];
}

/** Parses the text of /proc/<pid>/stat; null when it does not have the documented shape. */
export function parseStat(text: string): Omit<SeenProcess, 'attachments'> | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = text.slice(close + 2).split(' ');
  const pid = Number(text.slice(0, open).trim());
  const [state = '', ppid = '', pgid = '', sid = ''] = fields;
  const startTime = fields[19];
  if (!Number.isSafeInteger(pid) || state === '' || startTime === undefined) return null;
  return {
    pid,
    ppid: Number(ppid),
    pgid: Number(pgid),
    sid: Number(sid),
    state,
    command: text.slice(open + 1, close),
    startTime,
    waitStatus: Number(fields[49] ?? 0),
  };
}

const hex = (value: bigint): string => `0x${value.toString(16)}`;

/** The System V attachments in the text of a maps file, in address order. */
export function parseAttachments(mapsText: string): ProgramAttachment[] {
  const attachments: ProgramAttachment[] = [];
  mapsText.split('\n').forEach((line, index) => {
    if (!line.includes('/SYSV')) return;
    const region = parseMapsLine(line, index + 1, 'maps');
    if (shmKeyOfPath(region.path) === null) return;
    attachments.push({
      shmid: region.inode,
      address: hex(region.start),
      size: Number(region.end - region.start),
      readOnly: !region.perms.write,
    });
  });
  return attachments;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // gone (ENOENT, ESRCH) or hidden: the caller treats it as not there
  }
}

/** Reads one process now; null when it does not exist. */
export function readProcess(pid: number): SeenProcess | null {
  const statText = readText(`/proc/${pid}/stat`);
  const stat = statText === null ? null : parseStat(statText);
  if (stat === null) return null;
  if (stat.state === 'Z') return { ...stat, attachments: [] };
  const maps = readText(`/proc/${pid}/maps`);
  // Stat and maps from one moment: a process that exits between the two reads has empty maps
  // (its memory is gone before it is a zombie), which must never be taken for a live process
  // that detached everything. Its stat, read again, says what it is by now; empty maps with a
  // state not yet 'Z' is a process in the middle of exiting, not there any more for us.
  const after = readText(`/proc/${pid}/stat`);
  const again = after === null ? null : parseStat(after);
  if (again === null || again.startTime !== stat.startTime) return null;
  if (again.state === 'Z') return { ...again, attachments: [] };
  if (maps === '') return null;
  let attachments: ProgramAttachment[] = [];
  try {
    attachments = maps === null ? [] : parseAttachments(maps);
  } catch {
    // A malformed line is the kernel's format changing under us: show no attachments.
  }
  return { ...stat, attachments };
}

/** Whether this kernel has /proc/<pid>/task/<tid>/children (CONFIG_PROC_CHILDREN). */
export const hasChildrenFiles = existsSync(`/proc/self/task/${process.pid}/children`);

/** The children of every thread of `pid`, from the kernel's own lists. */
export function childrenOf(pid: number): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const tid of tids) {
    const text = readText(`/proc/${pid}/task/${tid}/children`) ?? '';
    for (const word of text.split(' ')) if (word !== '') children.push(Number(word));
  }
  return children;
}

/** Every process in session `sid` now (a scan of /proc). */
export function processesInSession(sid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = parseStat(readText(`/proc/${name}/stat`) ?? '');
    if (stat !== null && stat.sid === sid) found.push(stat.pid);
  }
  return found;
}
