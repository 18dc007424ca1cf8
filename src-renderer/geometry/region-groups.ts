// Grouping of a process's mappings into the blocks drawn in its address-space pane.

import type { RegionKind } from '../../src-main/common/api';

/** One mapped region, as read from /proc/<pid>/maps (end is exclusive). */
export interface MappedRegion {
  start: bigint;
  end: bigint;
  kind: RegionKind;
  label: string;
}

/**
 * Regions drawn as one block: adjacent mappings such as the five of libc.so.6, or (`sparse`) a
 * run of small mappings scattered across unmapped space, folded by {@link foldSparseRuns}.
 */
export interface RegionGroup extends MappedRegion {
  /** How many mappings the block stands for. */
  count: number;
  /** The mappings themselves, lowest address first. */
  members: readonly MappedRegion[];
  /** Bytes actually mapped: end - start, less the holes of a sparse block. */
  mappedBytes: bigint;
  /** True when the members do not touch: the block spans unmapped holes. */
  sparse: boolean;
}

const ADDRESS_LIMIT = 1n << 64n;

/**
 * The regions sorted by start address, checked: each non-empty, inside 64 bits, none overlapping.
 *
 * @throws RangeError for an empty or out-of-range region, or overlapping regions.
 */
export function sortRegions(regions: readonly MappedRegion[]): MappedRegion[] {
  const sorted = [...regions].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  sorted.forEach((region, index) => {
    if (region.start < 0n || region.end > ADDRESS_LIMIT || region.end <= region.start) {
      throw new RangeError(`Not a region: ${region.start}-${region.end} (${region.label})`);
    }
    const previous = sorted[index - 1];
    if (previous !== undefined && previous.end > region.start) {
      throw new RangeError(`Regions overlap: ${previous.label} and ${region.label}`);
    }
  });
  return sorted;
}

/** A region as a block of its own. */
export function singleGroup(region: MappedRegion): RegionGroup {
  const { start, end, kind, label } = region;
  return {
    start,
    end,
    kind,
    label,
    count: 1,
    members: [region],
    mappedBytes: end - start,
    sparse: false,
  };
}

/**
 * Sorts regions by address and merges runs of adjacent ones (each starting where the previous
 * ends) that share kind and label, such as the r--p/r-xp/rw-p mappings of one library. shm
 * regions are never merged, not even with each other, so each attachment stays visible.
 *
 * @throws RangeError for an empty or out-of-range region, or overlapping regions.
 */
export function groupRegions(regions: readonly MappedRegion[]): RegionGroup[] {
  const groups: RegionGroup[] = [];
  for (const region of sortRegions(regions)) {
    const last = groups[groups.length - 1];
    const merges =
      last !== undefined &&
      region.kind !== 'shm' &&
      last.kind === region.kind &&
      last.label === region.label &&
      last.end === region.start;
    if (merges) {
      groups[groups.length - 1] = {
        ...last,
        end: region.end,
        count: last.count + 1,
        members: [...last.members, region],
        mappedBytes: last.mappedBytes + (region.end - region.start),
      };
    } else {
      groups.push(singleGroup(region));
    }
  }
  return groups;
}

/**
 * Folds each run of two or more small mappings scattered across unmapped space into one sparse
 * block: consecutive groups of one kind and label, each at most `gapLimit` bytes and each
 * separated from the next by a gap wider than `gapLimit` (a gap that would be drawn as a break).
 * Without this, a Node process's V8 heap pages, 256 KiB each and terabytes apart, cost a region
 * and a break apiece. shm groups never fold, so an attachment always stays its own block.
 * `groups` must be sorted by address, as {@link groupRegions} returns them.
 */
export function foldSparseRuns(groups: readonly RegionGroup[], gapLimit: bigint): RegionGroup[] {
  const folded: RegionGroup[] = [];
  const foldable = (group: RegionGroup): boolean =>
    group.kind !== 'shm' && group.end - group.start <= gapLimit;
  for (const group of groups) {
    const last = folded[folded.length - 1];
    const joins =
      last !== undefined &&
      (last.sparse || foldable(last)) &&
      foldable(group) &&
      last.kind === group.kind &&
      last.label === group.label &&
      group.start - last.end > gapLimit;
    if (joins) {
      folded[folded.length - 1] = {
        ...last,
        end: group.end,
        count: last.count + group.count,
        members: [...last.members, ...group.members],
        mappedBytes: last.mappedBytes + group.mappedBytes,
        sparse: true,
      };
    } else {
      folded.push(group);
    }
  }
  return folded;
}
