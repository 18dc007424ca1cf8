// One process's address space, ready to draw: its /proc/<pid>/maps condensed and laid out as a
// strip, each block labelled, and the y of every drawn page of the attachment.
import type { MapRegion, ProcessFacts } from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import { addressToY, layoutAddressSpace } from '../geometry/address-space';
import { condenseRegions } from '../geometry/condense-regions';
import type { CondensedRegion } from '../geometry/condense-regions';
import { formatAddress } from '../../src-main/common/address';
import { formatBytes } from '../geometry/format';
import { shmRegionMinPx } from '../geometry/memory-diagram-layout';
import {
  blockLabel,
  fitLabel,
  pickLabel,
  shmLabelLines,
  shortName,
  summariseBlocks,
} from './diagram-text';

/** Gaps wider than this become labelled breaks; mappings closer than this are condensed. */
export const COLLAPSE_GAPS_OVER = 16n << 20n;

export interface DrawnRegion {
  key: string;
  y: number;
  height: number;
  /** Lines beside the strip: the label, then (for an attachment) its address and size. */
  lines: string[];
  /** Mapped bytes inside the strip, e.g. '2.8 MiB'; '' for an attachment (its lines say it). */
  sizeLabel: string;
  /** The full story for a tooltip: names, address range, number of mappings. */
  title: string;
  /** A System V attachment; `current` when it is the diagram's segment. */
  shm: boolean;
  current: boolean;
}

export interface DrawnGap {
  key: string;
  y: number;
  height: number;
  label: string;
  collapsed: boolean;
}

/** A drawn page of the attachment: its centre and whether its pagemap entry is present. */
export interface PageMark {
  pageIndex: number;
  y: number;
  present: boolean;
}

export interface AddressColumnModel {
  regions: DrawnRegion[];
  gaps: DrawnGap[];
  pageMarks: PageMark[];
  /** y of the boundaries between drawn pages inside the attachment's block. */
  pageBoundaries: number[];
  /** The attachment's block of the diagram's segment, or null. */
  current: { y: number; height: number } | null;
  cramped: boolean;
}

export interface AddressColumnInput {
  /** The process's own report: A's or B's ProcessFacts, or a program's ProgramProcessFacts. */
  facts: Pick<ProcessFacts, 'maps' | 'shmRegion' | 'pages'>;
  /** The diagram's segment; its attachment gets page marks. */
  shmid: number | null;
  drawnPages: number;
  pageSize: number;
  top: number;
  height: number;
  /** Characters a label may use. */
  labelChars: number;
}

function toMapped(region: MapRegion) {
  return {
    start: toBigIntAddress(region.start),
    end: toBigIntAddress(region.end),
    kind: region.kind,
    label: region.kind === 'shm' ? region.path : shortName(region.path),
  };
}

/**
 * Lays out a process's maps for its column. Throws what {@link layoutAddressSpace} or
 * {@link toBigIntAddress} throw for maps that are not a valid address space.
 */
export function buildAddressColumn(input: AddressColumnInput): AddressColumnModel {
  const { facts, shmid, pageSize, top, labelChars } = input;
  const blocks = condenseRegions(facts.maps.map(toMapped), COLLAPSE_GAPS_OVER);
  const byStart = new Map<bigint, CondensedRegion>(blocks.map((block) => [block.start, block]));
  const shmidByStart = new Map<bigint, number>(
    facts.maps
      .filter((region) => region.kind === 'shm')
      .map((region) => [toBigIntAddress(region.start), region.inode]),
  );
  const attachment = facts.shmRegion !== null && facts.shmRegion.inode === shmid;
  const base =
    attachment && facts.shmRegion !== null ? toBigIntAddress(facts.shmRegion.start) : null;
  const layout = layoutAddressSpace(blocks, {
    height: input.height,
    gapPx: 16,
    collapseGapsOver: COLLAPSE_GAPS_OVER,
    minShmRegionPx: shmRegionMinPx(attachment ? input.drawnPages : 0),
  });

  const regions: DrawnRegion[] = [];
  const gaps: DrawnGap[] = [];
  let current: AddressColumnModel['current'] = null;
  for (const item of layout.items) {
    const y = top + item.y;
    const range = `${formatAddress(item.start)}–${formatAddress(item.end)}`;
    if (item.type === 'gap') {
      const key = `gap:${item.start}`;
      const label = pickLabel([item.label, `… ${item.sizeLabel} …`], labelChars);
      gaps.push({ key, y, height: item.height, label, collapsed: item.collapsed });
      continue;
    }
    const key = `region:${item.start}`;
    const inode = shmidByStart.get(item.start);
    if (item.kind === 'shm' && inode !== undefined) {
      const isCurrent = base !== null && item.start === base;
      const pages = Number((item.end - item.start) / BigInt(pageSize));
      const size = `${formatBytes(item.end - item.start)} · ${pages} ${pages === 1 ? 'page' : 'pages'}`;
      const lines = shmLabelLines(inode, item.start, size, labelChars);
      const title = `System V segment shmid ${inode} (maps inode ${inode})\n${range} · ${size}`;
      regions.push({
        key,
        y,
        height: item.height,
        lines,
        sizeLabel: '',
        title,
        shm: true,
        current: isCurrent,
      });
      if (isCurrent) current = { y, height: item.height };
      continue;
    }
    const members = item.members.flatMap((member) => byStart.get(member.start) ?? []);
    const summary = summariseBlocks(item.kind, members, item.sparse);
    const names = summary.names.length > 0 ? summary.names.join(', ') : 'anonymous memory';
    const maps = `${summary.mappings} ${summary.mappings === 1 ? 'mapping' : 'mappings'}`;
    regions.push({
      key,
      y,
      height: item.height,
      lines: [fitLabel(blockLabel(summary), labelChars)],
      sizeLabel: formatBytes(summary.mappedBytes),
      title: `${names}\n${range} · ${maps} · ${formatBytes(summary.mappedBytes)} mapped`,
      shm: false,
      current: false,
    });
  }

  const pageMarks: PageMark[] = [];
  const pageBoundaries: number[] = [];
  if (base !== null) {
    const size = BigInt(pageSize);
    for (let index = 0; index < input.drawnPages; index += 1) {
      const pageStart = base + BigInt(index) * size;
      const y = addressToY(layout, pageStart + size / 2n);
      if (y === null) continue;
      pageMarks.push({
        pageIndex: index,
        y: top + y,
        present: facts.pages[index]?.present === true,
      });
      const boundary = index === 0 ? null : addressToY(layout, pageStart);
      if (boundary !== null) pageBoundaries.push(top + boundary);
    }
  }
  return { regions, gaps, pageMarks, pageBoundaries, current, cramped: layout.cramped };
}
