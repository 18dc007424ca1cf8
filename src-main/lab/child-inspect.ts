// What a child reports about itself, read from its own /proc: its maps, the
// smaps figures of its attachment, and the pagemap entry of each page. The Lab
// reads the processes of a learner's program the same way, by pid.
import type { Attachment } from '../../native/index.js';
import type { MapRegion, PageEntry, ProcessFacts } from '../common/api';
import type { MapsRegion } from '../proc/maps';
import { findShmRegion, readExecutablePath, readMaps, regionKind } from '../proc/maps';
import { readPagemap } from '../proc/pagemap';
import { readSmapsRegion } from '../proc/smaps';
import { native } from './native';

const hex = (value: bigint): string => `0x${value.toString(16)}`;

function toWire(region: MapsRegion, executable: string): MapRegion {
  return {
    start: hex(region.start),
    end: hex(region.end),
    perms: region.perms.raw,
    offset: hex(region.offset),
    dev: `${region.dev.major.toString(16).padStart(2, '0')}:${region.dev.minor.toString(16).padStart(2, '0')}`,
    inode: region.inode,
    path: region.path,
    kind: regionKind(region, executable),
  };
}

/** Whether this process's /proc/self/maps shows the /SYSV region of `shmid` at `address`. */
export async function isMappedHere(shmid: number, address: bigint): Promise<boolean> {
  return findShmRegion(await readMaps(process.pid), shmid, address) !== undefined;
}

/** The attachment whose region, smaps figures and pages are wanted. */
export interface InspectTarget {
  shmid: number;
  /** Where it starts in the process. */
  address: bigint;
  /** Its size in bytes (the segment's; pages are counted from it). */
  size: number;
}

/** Reads this process's own maps, and smaps and pagemap of `attachment`. */
export async function inspectSelf(
  attachment: Attachment | null,
): Promise<Omit<ProcessFacts, 'state'>> {
  return inspectProcessMemory(process.pid, attachment);
}

/**
 * Reads the maps of process `pid`, and the smaps figures and pagemap entries of `target` in it
 * (the children use it on themselves; the Lab on the processes of a learner's program).
 */
export async function inspectProcessMemory(
  pid: number,
  target: InspectTarget | null,
): Promise<Omit<ProcessFacts, 'state'>> {
  const [regions, executable] = await Promise.all([readMaps(pid), readExecutablePath(pid)]);
  const maps = regions.map((region) => toWire(region, executable));
  if (target === null) {
    return { maps, shmRegion: null, smaps: null, pages: [], pfnHiddenReason: null };
  }
  const region = findShmRegion(regions, target.shmid, target.address);
  const pageSize = native.constants.pageSize;
  const pageCount = Math.ceil(target.size / pageSize);
  const addresses = Array.from(
    { length: pageCount },
    (_, index) => target.address + BigInt(index * pageSize),
  );
  const [smaps, pageStates] = await Promise.all([
    readSmapsRegion(pid, target.address),
    readPagemap(pid, addresses, pageSize),
  ]);
  const pages: PageEntry[] = pageStates.map((page) => ({
    address: hex(page.address),
    present: page.present,
    swapped: page.swapped,
    pfn: page.pfn === null ? null : hex(page.pfn),
  }));
  return {
    maps,
    shmRegion: region === undefined ? null : toWire(region, executable),
    smaps:
      smaps === null
        ? null
        : {
            size: smaps.Size,
            rss: smaps.Rss,
            pss: smaps.Pss,
            sharedClean: smaps.Shared_Clean,
            sharedDirty: smaps.Shared_Dirty,
            privateClean: smaps.Private_Clean,
            privateDirty: smaps.Private_Dirty,
            swap: smaps.Swap,
          },
    pages,
    pfnHiddenReason:
      pageStates.find((page) => page.pfnHiddenReason !== undefined)?.pfnHiddenReason ?? null,
  };
}
