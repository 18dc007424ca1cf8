// A process's facts: its maps (parsed again only when their text changed), and the pagemap
// entries of its attachment's first pages with the attachment's smaps figures. A and B read
// their own page table, under the lock their looks take (ownPageTable), and the Lab joins it to
// their maps (childMemory); the Lab reads a learner's program's processes whole, by pid
// (inspectProcessMemory).
import { endianness } from 'node:os';
import type { Attachment } from '../../native/index.js';
import type { MapRegion, ProcessFacts } from '../common/api';
import { FACT_PAGES } from '../common/api';
import type { MapsRegion } from '../proc/maps';
import { findShmRegion, parseMaps, readExecutablePath, readMaps, regionKind } from '../proc/maps';
import { checkPid, readProcText } from '../proc/proc-error';
import type { PageState } from '../proc/pagemap';
import { decodePagemapEntry, hasCapSysAdmin, readPagemap } from '../proc/pagemap';
import type { SmapsFigures } from '../proc/smaps';
import { parseSmaps, readSmapsRegion, smapsBlock } from '../proc/smaps';
import type { OwnPageTableFacts } from './child-protocol';
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

/** The maps text last parsed per pid: most reads find it unchanged, and parsing is the cost. */
const parsedMaps = new Map<number, { text: string; regions: MapsRegion[]; maps: MapRegion[] }>();
const PARSED_MAPS_KEPT = 64;

/** Reads `pid`'s maps, parsed and classified, parsing again only when the text changed. */
async function readWireMaps(pid: number): Promise<{ regions: MapsRegion[]; maps: MapRegion[] }> {
  const path = `/proc/${checkPid(pid)}/maps`;
  const [text, executable] = await Promise.all([readProcText(path), readExecutablePath(pid)]);
  const last = parsedMaps.get(pid);
  if (last !== undefined && last.text === text) return last;
  const regions = parseMaps(text, path);
  const parsed = { text, regions, maps: regions.map((region) => toWire(region, executable)) };
  parsedMaps.delete(pid);
  parsedMaps.set(pid, parsed);
  if (parsedMaps.size > PARSED_MAPS_KEPT) parsedMaps.delete(parsedMaps.keys().next().value!);
  return parsed;
}

/** The smaps figures last read per region ('pid:start'), for reads that skip smaps. */
const lastFigures = new Map<string, SmapsFigures | null>();

function keepFigures(key: string, figures: SmapsFigures | null): SmapsFigures | null {
  lastFigures.delete(key);
  lastFigures.set(key, figures);
  if (lastFigures.size > PARSED_MAPS_KEPT) lastFigures.delete(lastFigures.keys().next().value!);
  return figures;
}

/** An entry of the native pageTable, in the machine's own byte order as the kernel wrote it. */
const readEntry = (buffer: Buffer, at: number): bigint =>
  endianness() === 'LE' ? buffer.readBigUInt64LE(at) : buffer.readBigUInt64BE(at);

/**
 * The pagemap entries of `addresses` in `pid` and the smaps figures of its region at
 * `target.address`. smaps costs the kernel a walk of every page table of the process, so without
 * `smapsNow` the figures of the last read are used (when there was one).
 */
async function pagesAndFigures(
  pid: number,
  target: InspectTarget,
  addresses: bigint[],
  smapsNow: boolean,
): Promise<{ states: PageState[]; figures: SmapsFigures | null }> {
  const key = `${pid}:${target.address}`;
  const reuse = !smapsNow && lastFigures.has(key);
  const [figures, states] = await Promise.all([
    reuse ? (lastFigures.get(key) ?? null) : readSmapsRegion(pid, target.address),
    readPagemap(pid, addresses, native.constants.pageSize),
  ]);
  return { states, figures: reuse ? figures : keepFigures(key, figures) };
}

/**
 * In a child: the pagemap entries of every page of `attachment` and (with `withSmaps`) its smaps
 * figures, read under the lock its looks take, so a look's passing entry is never among them.
 */
export async function ownPageTable(
  attachment: Attachment,
  withSmaps: boolean,
): Promise<OwnPageTableFacts> {
  const pageSize = native.constants.pageSize;
  const pageCount = Math.ceil(attachment.size / pageSize);
  const table = attachment.pageTable(withSmaps, Math.min(pageCount, FACT_PAGES));
  const framesVisible = await hasCapSysAdmin();
  const states = Array.from({ length: Math.min(pageCount, FACT_PAGES) }, (_, index) =>
    decodePagemapEntry(
      attachment.address + BigInt(index * pageSize),
      index * 8 + 8 <= table.entries.length ? readEntry(table.entries, index * 8) : 0n,
      framesVisible,
    ),
  );
  const block = table.smaps === null ? null : smapsBlock(table.smaps, attachment.address);
  const figures = block === null ? null : (parseSmaps(block, 'smaps')[0]?.figures ?? null);
  return { ...pagesOf(states), pageCount, smaps: toWireFigures(figures) };
}

/**
 * The Lab's read of a child: its maps (read here, parsed again only when they changed) with the
 * page table the child read of itself. Without smaps in `table`, those of the last read with
 * smaps are shown.
 */
export async function childMemory(
  pid: number,
  target: InspectTarget | null,
  table: OwnPageTableFacts | null,
  withSmaps: boolean,
): Promise<Omit<ProcessFacts, 'state'>> {
  const { regions, maps } = await readWireMaps(pid);
  if (target === null || table === null) {
    return { maps, shmRegion: null, smaps: null, pageCount: 0, pages: [], pfnHiddenReason: null };
  }
  const region = findShmRegion(regions, target.shmid, target.address);
  const key = `${pid}:${target.address}`;
  const smaps = withSmaps || !lastWireFigures.has(key) ? table.smaps : lastWireFigures.get(key)!;
  if (withSmaps) {
    lastWireFigures.delete(key);
    lastWireFigures.set(key, table.smaps);
    if (lastWireFigures.size > PARSED_MAPS_KEPT)
      lastWireFigures.delete(lastWireFigures.keys().next().value!);
  }
  return {
    maps,
    shmRegion: region === undefined ? null : (maps[regions.indexOf(region)] ?? null),
    smaps,
    pageCount: table.pageCount,
    pages: table.pages,
    pfnHiddenReason: table.pfnHiddenReason,
  };
}

/** The smaps figures last read per child region ('pid:start'), for reads without smaps. */
const lastWireFigures = new Map<string, ProcessFacts['smaps']>();

function toWireFigures(smaps: SmapsFigures | null): ProcessFacts['smaps'] {
  return smaps === null
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
      };
}

function pagesOf(states: readonly PageState[]): Pick<ProcessFacts, 'pages' | 'pfnHiddenReason'> {
  return {
    pages: states.map((page) => ({
      address: hex(page.address),
      present: page.present,
      swapped: page.swapped,
      pfn: page.pfn === null ? null : hex(page.pfn),
    })),
    pfnHiddenReason:
      states.find((page) => page.pfnHiddenReason !== undefined)?.pfnHiddenReason ?? null,
  };
}

/** Reads this process's own maps, and smaps and pagemap of `attachment` (under its lock). */
export async function inspectSelf(
  attachment: Attachment | null,
): Promise<Omit<ProcessFacts, 'state'>> {
  const table = attachment === null ? null : await ownPageTable(attachment, true);
  return childMemory(process.pid, attachment, table, true);
}

/**
 * Reads the maps of process `pid`, and the smaps figures and pagemap entries of `target` in it:
 * the Lab's read of a process of a learner's program (A and B read their own page table).
 */
export async function inspectProcessMemory(
  pid: number,
  target: InspectTarget | null,
  smapsNow = true,
): Promise<Omit<ProcessFacts, 'state'>> {
  const { regions, maps } = await readWireMaps(pid);
  if (target === null) {
    return { maps, shmRegion: null, smaps: null, pageCount: 0, pages: [], pfnHiddenReason: null };
  }
  const region = findShmRegion(regions, target.shmid, target.address);
  const pageSize = native.constants.pageSize;
  const pageCount = Math.ceil(target.size / pageSize);
  const addresses = Array.from(
    { length: Math.min(pageCount, FACT_PAGES) },
    (_, index) => target.address + BigInt(index * pageSize),
  );
  const { states: pageStates, figures: smaps } = await pagesAndFigures(
    pid,
    target,
    addresses,
    smapsNow,
  );
  return {
    maps,
    shmRegion: region === undefined ? null : (maps[regions.indexOf(region)] ?? null),
    smaps: toWireFigures(smaps),
    pageCount,
    ...pagesOf(pageStates),
  };
}
