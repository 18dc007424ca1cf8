// Real /proc data of a real fork, for the diagram's tests: a C program made a 3-page segment
// (shmid 327699) with shmget(IPC_PRIVATE), attached it, wrote a byte in pages 0 and 2, and forked;
// the child wrote a byte in page 0 one second later. The parent's and the child's maps, smaps and
// pagemap were read (as root, so with PFNs) with the Lab's own readers (src-main/proc), right after
// the fork and again after the child's write. The two processes list the segment at the same
// address; right after fork the child's page table has no entry for it yet (the kernel fills it
// on the child's first access), and after its write page 0 has the parent's frame.
import type {
  MapRegion,
  PageEntry,
  ProgramProcess,
  ProgramProcessFacts,
} from '../../src-main/common/api';

export const FORK_SHMID = 327699;
export const FORK_BASE = '0x7fbeb66c6000';
export const PARENT_PID = 26379;
export const CHILD_PID = 26380;
const EXECUTABLE = '/work/wt/progdiag/results/cap/forker';

const PARENT_MAPS = `
55af7da8f000-55af7da90000 r--p 00000000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da90000-55af7da91000 r-xp 00001000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da91000-55af7da92000 r--p 00002000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da92000-55af7da93000 r--p 00002000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da93000-55af7da94000 rw-p 00003000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af87f6c000-55af87f8d000 rw-p 00000000 00:00 0 [heap]
7fbeb64da000-7fbeb64dd000 rw-p 00000000 00:00 0
7fbeb64dd000-7fbeb6503000 r--p 00000000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb6503000-7fbeb6659000 r-xp 00026000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb6659000-7fbeb66ac000 r--p 0017c000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb66ac000-7fbeb66b0000 r--p 001cf000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb66b0000-7fbeb66b2000 rw-p 001d3000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb66b2000-7fbeb66bf000 rw-p 00000000 00:00 0
7fbeb66c6000-7fbeb66c9000 rw-s 00000000 00:01 327699 /SYSV00000000 (deleted)
7fbeb66c9000-7fbeb66cb000 rw-p 00000000 00:00 0
7fbeb66cb000-7fbeb66cf000 r--p 00000000 00:00 0 [vvar]
7fbeb66cf000-7fbeb66d1000 r--p 00000000 00:00 0 [vvar_vclock]
7fbeb66d1000-7fbeb66d3000 r-xp 00000000 00:00 0 [vdso]
7fbeb66d3000-7fbeb66d4000 r--p 00000000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb66d4000-7fbeb66fa000 r-xp 00001000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb66fa000-7fbeb6704000 r--p 00027000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb6704000-7fbeb6706000 r--p 00031000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb6706000-7fbeb6708000 rw-p 00033000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffd5902c000-7ffd5904d000 rw-p 00000000 00:00 0 [stack]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]
`;

const CHILD_MAPS = `
55af7da8f000-55af7da90000 r--p 00000000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da90000-55af7da91000 r-xp 00001000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da91000-55af7da92000 r--p 00002000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da92000-55af7da93000 r--p 00002000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
55af7da93000-55af7da94000 rw-p 00003000 fe:00 5447703 /work/wt/progdiag/results/cap/forker
7fbeb64da000-7fbeb64dd000 rw-p 00000000 00:00 0
7fbeb64dd000-7fbeb6503000 r--p 00000000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb6503000-7fbeb6659000 r-xp 00026000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb6659000-7fbeb66ac000 r--p 0017c000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb66ac000-7fbeb66b0000 r--p 001cf000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb66b0000-7fbeb66b2000 rw-p 001d3000 fe:00 339380 /usr/lib/x86_64-linux-gnu/libc.so.6
7fbeb66b2000-7fbeb66bf000 rw-p 00000000 00:00 0
7fbeb66c6000-7fbeb66c9000 rw-s 00000000 00:01 327699 /SYSV00000000 (deleted)
7fbeb66c9000-7fbeb66cb000 rw-p 00000000 00:00 0
7fbeb66cb000-7fbeb66cf000 r--p 00000000 00:00 0 [vvar]
7fbeb66cf000-7fbeb66d1000 r--p 00000000 00:00 0 [vvar_vclock]
7fbeb66d1000-7fbeb66d3000 r-xp 00000000 00:00 0 [vdso]
7fbeb66d3000-7fbeb66d4000 r--p 00000000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb66d4000-7fbeb66fa000 r-xp 00001000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb66fa000-7fbeb6704000 r--p 00027000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb6704000-7fbeb6706000 r--p 00031000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7fbeb6706000-7fbeb6708000 rw-p 00033000 fe:00 338944 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
7ffd5902c000-7ffd5904d000 rw-p 00000000 00:00 0 [stack]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]
`;

/** The kind the Lab gave each line (src-main/proc/maps.ts regionKind), for these maps. */
function kindOf(path: string, perms: string): MapRegion['kind'] {
  if (path === '[heap]') return 'heap';
  if (path === '[stack]') return 'stack';
  if (path === '[vdso]') return 'vdso';
  if (path.startsWith('[vvar')) return 'vvar';
  if (path === '[vsyscall]') return 'vsyscall';
  if (path.startsWith('/SYSV')) return 'shm';
  if (path === '') return 'anonymous';
  if (path === EXECUTABLE) return perms.includes('x') ? 'text' : 'data';
  return 'library';
}

/** Lines of /proc/<pid>/maps as the API carries them. */
function parse(text: string): MapRegion[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [range = '', perms = '', offset = '', dev = '', inode = '', ...rest] = line.split(' ');
      const [start = '', end = ''] = range.split('-');
      const path = rest.join(' ');
      return {
        start: `0x${start}`,
        end: `0x${end}`,
        perms,
        offset: `0x${Number.parseInt(offset, 16).toString(16)}`,
        dev,
        inode: Number(inode),
        path,
        kind: kindOf(path, perms),
      };
    });
}

const page = (address: string, pfn: string | null): PageEntry => ({
  address,
  present: pfn !== null,
  swapped: false,
  pfn,
});

const attachment = { shmid: FORK_SHMID, address: FORK_BASE, size: 3 * 4096, readOnly: false };

export const parentProcess: ProgramProcess = {
  runId: 1,
  pid: PARENT_PID,
  ppid: 26363,
  pgid: PARENT_PID,
  role: 'program',
  command: 'forker',
  state: 'S',
  attachments: [attachment],
};

export const childProcess: ProgramProcess = {
  ...parentProcess,
  pid: CHILD_PID,
  ppid: PARENT_PID,
  role: 'forked',
};

const shmRegion = (maps: MapRegion[]): MapRegion | null =>
  maps.find((line) => line.inode === FORK_SHMID && line.kind === 'shm') ?? null;

const parentMaps = parse(PARENT_MAPS);
const childMaps = parse(CHILD_MAPS);

export const parentFacts: ProgramProcessFacts = {
  process: parentProcess,
  maps: parentMaps,
  shmRegion: shmRegion(parentMaps),
  smaps: {
    size: 12288,
    rss: 8192,
    pss: 8192,
    sharedClean: 0,
    sharedDirty: 0,
    privateClean: 0,
    privateDirty: 8192,
    swap: 0,
  },
  pageCount: 3,
  pages: [
    page('0x7fbeb66c6000', '0x195cb0'),
    page('0x7fbeb66c7000', null),
    page('0x7fbeb66c8000', '0x1574dc'),
  ],
  pfnHiddenReason: null,
};

/** The child right after fork: the same maps line, no page-table entry yet. */
export const childFactsAtFork: ProgramProcessFacts = {
  process: childProcess,
  maps: childMaps,
  shmRegion: shmRegion(childMaps),
  smaps: {
    size: 12288,
    rss: 0,
    pss: 0,
    sharedClean: 0,
    sharedDirty: 0,
    privateClean: 0,
    privateDirty: 0,
    swap: 0,
  },
  pageCount: 3,
  pages: [page('0x7fbeb66c6000', null), page('0x7fbeb66c7000', null), page('0x7fbeb66c8000', null)],
  pfnHiddenReason: null,
};

/** The child after it wrote in page 0: the parent's frame. */
export const childFactsTouched: ProgramProcessFacts = {
  ...childFactsAtFork,
  smaps: {
    size: 12288,
    rss: 4096,
    pss: 2048,
    sharedClean: 0,
    sharedDirty: 4096,
    privateClean: 0,
    privateDirty: 0,
    swap: 0,
  },
  pageCount: 3,
  pages: [
    page('0x7fbeb66c6000', '0x195cb0'),
    page('0x7fbeb66c7000', null),
    page('0x7fbeb66c8000', null),
  ],
};
