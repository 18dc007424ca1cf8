// Made-up process facts for the diagram's pure tests (4096-byte pages: these are not the
// machine's pages, only numbers to lay out).
import type { MapRegion, ProcessFacts, ProcessState } from '../../src-main/common/api';
import { labProcess } from './diagram-processes';
import type { DiagramProcess } from './diagram-processes';

export const state = (
  name: 'A' | 'B',
  status: ProcessState['status'] = 'running',
): ProcessState => ({
  name,
  pid: name === 'A' ? 100 : 101,
  status,
  exitCode: null,
  signal: status === 'exited' ? 'SIGKILL' : null,
  attachment: null,
});

export const shmLine = (start: string, end: string, shmid: number): MapRegion => ({
  start,
  end,
  perms: 'rw-s',
  offset: '0x0',
  dev: '00:01',
  inode: shmid,
  path: '/SYSV00000000 (deleted)',
  kind: 'shm',
});

export function facts(
  name: 'A' | 'B',
  base: number,
  shmid: number,
  pfns: (string | null)[],
): ProcessFacts {
  const start = `0x${base.toString(16)}`;
  const end = `0x${(base + pfns.length * 4096).toString(16)}`;
  const shm = shmLine(start, end, shmid);
  return {
    state: state(name),
    maps: [
      { ...shm, kind: 'heap', path: '[heap]', inode: 0, start: '0x1000000', end: '0x1021000' },
      shm,
      {
        ...shm,
        kind: 'stack',
        path: '[stack]',
        inode: 0,
        start: '0x7ffc00000000',
        end: '0x7ffc00021000',
      },
    ],
    shmRegion: shm,
    smaps: null,
    pageCount: pfns.length,
    pages: pfns.map((pfn, index) => ({
      address: `0x${(base + index * 4096).toString(16)}`,
      present: pfn !== null,
      swapped: false,
      pfn,
    })),
    pfnHiddenReason: null,
  };
}

/** A or B as a diagram column, from made-up facts. */
export const labColumn = (
  name: 'A' | 'B',
  processFacts: ProcessFacts | null,
  status: ProcessState['status'] = 'running',
): DiagramProcess => labProcess(name, { state: state(name, status), facts: processFacts });
