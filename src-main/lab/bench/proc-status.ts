// Reader of the memory lines of /proc/<pid>/status, for the bench's memory
// figures: how much of a process's resident memory is its own (anonymous and
// file-backed pages) and how much is shared memory it maps (a System V
// segment's pages are counted in RssShmem).
import { readFileSync } from 'node:fs';
import { ProcFormatError } from '../../proc/proc-error';

/** The memory lines of /proc/<pid>/status, in bytes (the kernel prints kB). */
export interface StatusMemory {
  /** Resident set: RssAnon + RssFile + RssShmem. */
  readonly VmRSS: number;
  /** Peak resident set since the process started (or since clear_refs 5). */
  readonly VmHWM: number;
  /** Resident anonymous pages: heaps, stacks, the watcher's copies. */
  readonly RssAnon: number;
  /** Resident pages of mapped files: code, libraries. */
  readonly RssFile: number;
  /** Resident shared-memory pages: System V segments, tmpfs, memfd. */
  readonly RssShmem: number;
}

const FIELDS = ['VmRSS', 'VmHWM', 'RssAnon', 'RssFile', 'RssShmem'] as const;
const LINE = /^(\w+):\s+(\d+) kB$/;

/**
 * The memory figures of a status file's text. Throws ProcFormatError when a
 * field is missing or not in kB (RssAnon and its siblings exist since Linux 4.5).
 */
export function parseStatusMemory(text: string, source = '/proc/<pid>/status'): StatusMemory {
  const found = new Map<string, number>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const name = line.slice(0, line.indexOf(':'));
    if (!(FIELDS as readonly string[]).includes(name)) return;
    const match = LINE.exec(line.trim());
    if (match === null) {
      throw new ProcFormatError(source, index + 1, line, `${name} is not "<number> kB"`);
    }
    found.set(name, Number(match[2]) * 1024);
  });
  const missing = FIELDS.filter((name) => !found.has(name));
  if (missing.length > 0) {
    throw new ProcFormatError(source, lines.length, '', `no ${missing.join(', ')} line`);
  }
  return Object.fromEntries(found) as unknown as StatusMemory;
}

/** The memory figures of a live process, read now. */
export function readStatusMemory(pid: number): StatusMemory {
  const path = `/proc/${pid}/status`;
  return parseStatusMemory(readFileSync(path, 'utf8'), path);
}

/** What a process gained between two readings, split by whose memory it is. */
export interface MemoryGrowth {
  /** RssAnon + RssFile: memory the process itself holds (the budget's "ours"). */
  ours: number;
  /** RssShmem: pages of shared memory it maps (the segment's own pages). */
  shared: number;
}

/** The growth from `before` to `after`, in bytes (negative when it shrank). */
export function memoryGrowth(before: StatusMemory, after: StatusMemory): MemoryGrowth {
  return {
    ours: after.RssAnon + after.RssFile - (before.RssAnon + before.RssFile),
    shared: after.RssShmem - before.RssShmem,
  };
}
