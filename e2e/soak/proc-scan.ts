// What the kernel says about the host's tree, read from outside: its
// processes (by the ppid chain in /proc/<pid>/stat), the host's memory and
// open files, and the System V objects in /proc/sysvipc.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readStatusMemory } from '../../src-main/lab/bench/proc-status';
import { readSysvSemaphoresSync } from '../../src-main/proc/sysvipc-sem';
import type { SemaphoreSetRecord } from '../../src-main/proc/sysvipc-sem';
import { readSysvShmSync } from '../../src-main/proc/sysvipc-shm';
import type { ShmSegmentRecord } from '../../src-main/proc/sysvipc-shm';

/** One process as /proc/<pid>/stat shows it. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  /** Field 22, clock ticks after boot: with the pid, names one process even after pid reuse. */
  starttime: string;
  state: string;
  command: string;
}

/** A process's identity across pid reuse: "<pid>@<starttime>". */
export const identity = (entry: Pick<ProcEntry, 'pid' | 'starttime'>): string =>
  `${entry.pid}@${entry.starttime}`;

/** Parses /proc/<pid>/stat; the command may hold spaces and parentheses. */
export function parseStat(pid: number, text: string): ProcEntry {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {
    pid,
    ppid: Number(fields[1]),
    starttime: fields[19] ?? '',
    state: fields[0] ?? '?',
    command: text.slice(open + 1, close),
  };
}

/** The process `pid` now, or null when it is gone. */
export function readEntry(pid: number): ProcEntry | null {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Every process visible now. */
export function readProcessTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readEntry(Number(name));
    if (entry !== null) table.set(entry.pid, entry);
  }
  return table;
}

/** `root` and every process whose ppid chain reaches it. */
export function descendants(root: number, table: ReadonlyMap<number, ProcEntry>): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const entry of table.values()) {
    const list = children.get(entry.ppid) ?? [];
    list.push(entry);
    children.set(entry.ppid, list);
  }
  const found: ProcEntry[] = [];
  const start = table.get(root);
  const queue = start === undefined ? [] : [start];
  while (queue.length > 0) {
    const entry = queue.shift()!;
    found.push(entry);
    queue.push(...(children.get(entry.pid) ?? []));
  }
  return found;
}

/** The host's resident memory (VmRSS) and what it holds itself (RssAnon + RssFile), bytes. */
export function hostMemory(pid: number): { rss: number; own: number } | null {
  try {
    const status = readStatusMemory(pid);
    return { rss: status.VmRSS, own: status.RssAnon + status.RssFile };
  } catch {
    return null;
  }
}

/** Open file descriptors of `pid`, or null when it is gone. */
export function fdCount(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/**
 * The host's open files by kind ("pipe", "socket", "/dev/ptmx", "anon_inode:[eventfd]"…), so a
 * count that grew says what grew. Numbered names (a pipe's inode, a pts number) are folded.
 */
export function fdKinds(pid: number): Map<string, number> {
  const kinds = new Map<string, number>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return kinds;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // Closed while listing.
    }
    const kind = target
      .replace(/^(pipe|socket):\[\d+\]$/, '$1')
      .replace(/^\/dev\/pts\/\d+$/, '/dev/pts/N');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return kinds;
}

/** Kinds whose count differs from `before` to `after`, as "pipe +4, socket -1". */
export function fdKindChanges(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): string {
  const kinds = new Set([...before.keys(), ...after.keys()]);
  const changes = [...kinds]
    .map((kind) => [kind, (after.get(kind) ?? 0) - (before.get(kind) ?? 0)] as const)
    .filter(([, change]) => change !== 0)
    .map(([kind, change]) => `${kind} ${change > 0 ? '+' : ''}${change}`);
  return changes.length === 0 ? 'none' : changes.join(', ');
}

/** The segments and semaphore sets of this IPC namespace now. */
export function readSysv(): { segments: ShmSegmentRecord[]; sets: SemaphoreSetRecord[] } {
  return { segments: readSysvShmSync(), sets: readSysvSemaphoresSync() };
}
