// Helpers of 22-proc-scan.test.ts: what the two readers of who maps what found, in a form
// toEqual compares in full, and a copy of /proc that both can read.
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MapperScan } from '../../src-main/proc/mappers';
import { isRoot } from './helpers';

/** Mappers in pid and address order (the view sorts them so; readers list /proc's order). */
export function sorted<T extends { pid: number; address: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.pid - b.pid || a.address.localeCompare(b.address));
}

export const pidsOf = (list: readonly { pid: number; address: string }[]) =>
  sorted(list).map((m) => m.pid);
export const ascending = (pids: number[]) => [...pids].sort((a, b) => a - b);

/**
 * What a reader found, keys and lists in one order, restricted to the processes in `pids` when
 * given: a form toEqual compares in full. Node lists a folder sorted by name (so /proc's '100'
 * before '99'), the addon in the order the kernel gives; who maps what is the same either way.
 */
export function normalized(scan: MapperScan, pids?: ReadonlySet<number>) {
  const mine = <T extends { pid: number; address: string }>(list: readonly T[]) =>
    sorted(list).filter((m) => pids === undefined || pids.has(m.pid));
  const segments = [...scan.segments]
    .map(([shmid, list]) => [shmid, mine(list)] as const)
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => a - b);
  const posix = [...scan.posix]
    .map(([name, list]) => {
      const flat = list.map(({ mapper, device, inode }) => ({ ...mapper, device, inode }));
      return [name, mine(flat)] as const;
    })
    .filter(([, list]) => list.length > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  return { segments, posix };
}

/**
 * Copies maps and comm of every process this test may read into a folder laid out like /proc,
 * each process folder owned (as root) by the uid that owns /proc/<pid>: the same files for both
 * readers, which the live /proc cannot give (processes come and go between two passes).
 */
export function copyOfProc(): { root: string; copied: number } {
  const root = mkdtempSync(join(tmpdir(), 'shmlab-proc-copy-'));
  let copied = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let files: { maps: Buffer; comm: Buffer; uid: number };
    try {
      const maps = readFileSync(`/proc/${pid}/maps`);
      const comm = readFileSync(`/proc/${pid}/comm`);
      files = { maps, comm, uid: statSync(`/proc/${pid}`).uid };
    } catch {
      continue; // gone, or not ours to read: neither reader is asked about it
    }
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'maps'), files.maps);
    writeFileSync(join(root, pid, 'comm'), files.comm);
    if (isRoot) chownSync(join(root, pid), files.uid, files.uid);
    copied += 1;
  }
  return { root, copied };
}
