// Test helper: the compiler's processes (cc1, as, ld…) working on a folder, found in /proc by
// their name and a command line that names the folder, with the address space each has had.
import { readdirSync, readFileSync } from 'node:fs';

export interface CompilerProcess {
  pid: number;
  /** VmPeak: the most address space it has had, bytes. */
  vmPeakBytes: number;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // gone meanwhile
  }
}

/** The live processes called `name` (comm) whose command line mentions `folder`. */
export function compilerProcesses(folder: string, name: string): CompilerProcess[] {
  const found: CompilerProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (read(`/proc/${entry}/comm`)?.trim() !== name) continue;
    if (!(read(`/proc/${entry}/cmdline`) ?? '').includes(folder)) continue;
    const status = read(`/proc/${entry}/status`) ?? '';
    // A zombie has no VmPeak line: it holds no memory any more.
    const kib = /^VmPeak:\s+(\d+) kB/m.exec(status)?.[1];
    if (/^State:\s+Z/m.test(status)) continue;
    found.push({ pid: Number(entry), vmPeakBytes: Number(kib ?? 0) * 1024 });
  }
  return found;
}
