// The pointer pane: what the number A stored is, and what B's own address space has at that
// number. Pure: decoding the u64 B read, finding the line of B's /proc/<pid>/maps that holds the
// address (or the gap it falls in), and saying what dereferencing it in B would do.
import type { MapRegion } from '../../../../src-main/common/api';
import { formatAddress, toBigIntAddress } from '../../../../src-main/common/address';

/** Where A's pointer is stored (a u64) and the byte it points to, as offsets in the segment. */
export const POINTER_OFFSET = 8;
export const TARGET_OFFSET = 32;
/** The byte A puts at the target, so B can recognise it when it reaches it by offset. */
export const TARGET_BYTE = 0x2a;

/** The little-endian u64 in `bytes` (8 of them), or null when there are not 8. */
export function decodeU64(bytes: readonly number[]): bigint | null {
  if (bytes.length !== 8) return null;
  let value = 0n;
  for (let i = 7; i >= 0; i -= 1) value = (value << 8n) | BigInt((bytes[i] ?? 0) & 0xff);
  return value;
}

/** base + offset as the decimal text a u64 write takes. */
export function pointerValue(base: string, offset: number): string {
  return (toBigIntAddress(base) + BigInt(offset)).toString();
}

export type AddressInMaps =
  | { kind: 'mapped'; region: MapRegion }
  | { kind: 'unmapped'; below: MapRegion | null; above: MapRegion | null };

/** The maps line holding `address`, or the mapped regions either side of the gap it is in. */
export function findAddress(maps: readonly MapRegion[], address: bigint): AddressInMaps {
  let below: MapRegion | null = null;
  let above: MapRegion | null = null;
  for (const region of maps) {
    const start = toBigIntAddress(region.start);
    const end = toBigIntAddress(region.end);
    if (address >= start && address < end) return { kind: 'mapped', region };
    if (end <= address && (below === null || end > toBigIntAddress(below.end))) below = region;
    if (start > address && (above === null || start < toBigIntAddress(above.start))) above = region;
  }
  return { kind: 'unmapped', below, above };
}

/** A maps line in words: "the heap", "a library (/usr/lib/…/libc.so.6)", "anonymous memory". */
export function regionText(region: MapRegion): string {
  const where = `${region.start}–${region.end}, ${region.perms}`;
  switch (region.kind) {
    case 'heap':
      return `its heap ([heap], ${where})`;
    case 'stack':
      return `its stack ([stack], ${where})`;
    case 'library':
      return `a shared library (${region.path}, ${where})`;
    case 'text':
    case 'data':
    case 'file':
      return `a mapped file (${region.path || 'no name'}, ${where})`;
    case 'shm':
      return `a System V segment (shmid ${region.inode}, ${where})`;
    case 'anonymous':
      return `anonymous memory (${where}): the heap of some allocator, a thread stack or the JavaScript heap`;
    default:
      return `${region.path || region.kind} (${where})`;
  }
}

/** What B's maps have at A's address, in a sentence. */
export function addressText(found: AddressInMaps, address: bigint): string {
  const at = formatAddress(address);
  if (found.kind === 'mapped') return `In B, ${at} lies in ${regionText(found.region)}.`;
  const below = found.below === null ? 'the bottom of the address space' : found.below.end;
  const above = found.above === null ? 'the top of the address space' : found.above.start;
  return `In B, nothing is mapped at ${at}: it falls in the gap from ${below} to ${above}.`;
}

/** What would happen if B used the number as a pointer (which the app never lets it do). */
export function dereferenceText(found: AddressInMaps): string {
  if (found.kind === 'unmapped' || !found.region.perms.startsWith('r')) {
    return (
      'If B dereferenced it, the MMU would find no readable page there and the kernel would ' +
      'send B a SIGSEGV: a crash, at least a visible one.'
    );
  }
  const writable = found.region.perms[1] === 'w';
  return (
    'If B dereferenced it, the load would succeed and return whatever B keeps there: wrong ' +
    `data, with no error at all${writable ? ', and a store through it would silently corrupt B' : ''}.`
  );
}
