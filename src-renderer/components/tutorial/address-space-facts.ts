// Facts for step 1's explanations, taken from a process's own maps: how wide the band above the
// stack is, and the largest anonymous mapping. Pure, so the sentences rest on tested numbers.
import type { MapRegion } from '../../../src-main/common/api';
import { toBigIntAddress } from '../../../src-main/common/address';

/** [vsyscall] sits at this fixed address on x86-64, and only there. */
export const X86_64_VSYSCALL = 0xffffffffff600000n;
/** One past the last user address with 4-level page tables: 2^47 (128 TiB). */
export const X86_64_USER_END = 1n << 47n;
/** The first address of the kernel's half with 4-level page tables. */
export const X86_64_KERNEL_START = 0xffff800000000000n;

/** The unmapped band between the top of the stack and [vsyscall]. */
export interface UpperBand {
  stackEnd: bigint;
  vsyscallStart: bigint;
  bytes: bigint;
  /** [vsyscall] is at x86-64's fixed address, so the x86-64 layout applies. */
  x86_64: boolean;
}

/** The band above [stack] up to [vsyscall], or null when either is missing from the maps. */
export function upperBand(maps: readonly MapRegion[]): UpperBand | null {
  const stack = maps.find((region) => region.path === '[stack]');
  const vsyscall = maps.find((region) => region.path === '[vsyscall]');
  if (stack === undefined || vsyscall === undefined) return null;
  const stackEnd = toBigIntAddress(stack.end);
  const vsyscallStart = toBigIntAddress(vsyscall.start);
  if (vsyscallStart <= stackEnd) return null;
  return {
    stackEnd,
    vsyscallStart,
    bytes: vsyscallStart - stackEnd,
    x86_64: vsyscallStart === X86_64_VSYSCALL,
  };
}

/** A mapping with no file and no name behind it. */
export interface AnonymousMapping {
  start: bigint;
  bytes: bigint;
  perms: string;
}

/** The largest mapping without a file or name (anonymous memory), or null when there is none. */
export function largestAnonymous(maps: readonly MapRegion[]): AnonymousMapping | null {
  let largest: AnonymousMapping | null = null;
  for (const region of maps) {
    if (region.kind !== 'anonymous' || region.path !== '') continue;
    const start = toBigIntAddress(region.start);
    const bytes = toBigIntAddress(region.end) - start;
    if (largest === null || bytes > largest.bytes) largest = { start, bytes, perms: region.perms };
  }
  return largest;
}
