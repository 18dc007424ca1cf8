// Condensing a process's mappings so that its address space fits a short strip.
//
// A Node child has over a hundred mappings, most of them a few KiB apart: libraries, their .bss,
// thread stacks, guard pages. At ~300 px even the grouped blocks of groupRegions get 7 px each and
// no label fits. This pass joins every run of neighbouring mappings (gaps no wider than `gapLimit`)
// into one block that says how many mappings it stands for and names them, while the landmarks a
// learner looks for (the attachment, [heap], [stack], [vsyscall]) always stay blocks of their own.
// So does a large anonymous mapping: joined with its neighbours, hundreds of MiB of reserved,
// nameless memory used to be drawn under the name of the small library next to it.

import type { RegionKind } from '../../src-main/common/api';
import type { MappedRegion } from './region-groups';
import { sortRegions } from './region-groups';

/** A block of one or more neighbouring mappings, as {@link condenseRegions} returns it. */
export interface CondensedRegion extends MappedRegion {
  /** How many lines of /proc/<pid>/maps the block stands for. */
  mappings: number;
  /** The distinct non-empty labels of those mappings, the most bytes first. */
  names: string[];
  /** How many of the mappings have no label (anonymous memory). */
  unnamed: number;
  /** Bytes of those unlabelled mappings. */
  unnamedBytes: bigint;
  /** Bytes actually mapped: end - start less the holes between members. */
  mappedBytes: bigint;
}

/** Kinds that never join a run: what a learner looks for in the strip. */
export const LANDMARK_KINDS: ReadonlySet<RegionKind> = new Set<RegionKind>([
  'shm',
  'heap',
  'stack',
  'vsyscall',
]);

function condense(members: readonly MappedRegion[]): CondensedRegion {
  const first = members[0];
  const last = members[members.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('An empty run of regions');
  const bytesByName = new Map<string, bigint>();
  const bytesByKind = new Map<RegionKind, bigint>();
  let mappedBytes = 0n;
  let unnamed = 0;
  let unnamedBytes = 0n;
  for (const member of members) {
    const bytes = member.end - member.start;
    mappedBytes += bytes;
    bytesByKind.set(member.kind, (bytesByKind.get(member.kind) ?? 0n) + bytes);
    if (member.label === '') {
      unnamed += 1;
      unnamedBytes += bytes;
    } else bytesByName.set(member.label, (bytesByName.get(member.label) ?? 0n) + bytes);
  }
  // Stable order: most bytes first, ties by name, so the label does not flicker between refreshes.
  const byBytes = <K extends string>(entries: Map<K, bigint>): K[] =>
    [...entries]
      .sort(([nameA, a], [nameB, b]) => (a === b ? (nameA < nameB ? -1 : 1) : a > b ? -1 : 1))
      .map(([name]) => name);
  const names = byBytes(bytesByName);
  const single = members.length === 1;
  return {
    start: first.start,
    end: last.end,
    kind: single ? first.kind : (byBytes(bytesByKind)[0] ?? first.kind),
    label: single ? first.label : names.join(', '),
    mappings: members.length,
    names,
    unnamed,
    unnamedBytes,
    mappedBytes,
  };
}

/**
 * Whether a region stays a block of its own: a landmark, or an anonymous mapping larger than
 * `gapLimit` (big enough to be drawn for itself, and too big to be summed into a neighbour).
 */
function standsAlone(region: MappedRegion, gapLimit: bigint): boolean {
  if (LANDMARK_KINDS.has(region.kind)) return true;
  return region.kind === 'anonymous' && region.label === '' && region.end - region.start > gapLimit;
}

/**
 * Joins each run of neighbouring mappings (each starting at most `gapLimit` bytes after the
 * previous one ends) into one block spanning the run; landmarks ({@link LANDMARK_KINDS}) and
 * anonymous mappings larger than `gapLimit` always stay single. A single mapping keeps its kind and label; a joined block takes the kind with the
 * most bytes and its names, comma-separated, as its label. Sorted by address, lowest first.
 *
 * @throws RangeError for a negative `gapLimit`, or regions {@link sortRegions} refuses.
 */
export function condenseRegions(
  regions: readonly MappedRegion[],
  gapLimit: bigint,
): CondensedRegion[] {
  if (gapLimit < 0n) throw new RangeError(`gapLimit cannot be negative, got ${gapLimit}`);
  const blocks: CondensedRegion[] = [];
  let run: MappedRegion[] = [];
  const flush = (): void => {
    if (run.length > 0) blocks.push(condense(run));
    run = [];
  };
  for (const region of sortRegions(regions)) {
    const previous = run[run.length - 1];
    const landmark = standsAlone(region, gapLimit);
    if (previous === undefined || landmark || region.start - previous.end > gapLimit) flush();
    run.push(region);
    if (landmark) flush();
  }
  flush();
  return blocks;
}
