// Reader of /proc/<pid>/pagemap: for each virtual page, whether it is in RAM and in which frame.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { ProcFileError, checkPid, readProcText, toProcFileError } from './proc-error';

/** What the kernel's page tables say about one virtual page of a process. */
export interface PageState {
  /** Start of the page (the address asked for, rounded down to the page size). */
  readonly address: bigint;
  /** Bit 63: the page is in RAM and mapped in this process's page tables. */
  readonly present: boolean;
  /** Bit 62: the page is in swap. */
  readonly swapped: boolean;
  /** Bits 0-54: the physical page frame number when present, null when absent or hidden. */
  readonly pfn: bigint | null;
  /** Bit 56, for present pages: this process is the only one mapping the frame. */
  readonly exclusive?: boolean;
  /** Bit 55: written since soft-dirty bits were last cleared (always 0 without MEM_SOFT_DIRTY). */
  readonly softDirty: boolean;
  /** Bit 61: a page of a file or of shared anonymous memory (System V segments are both). */
  readonly fileOrSharedAnon: boolean;
  /** Why `pfn` is null although the page is present. */
  readonly pfnHiddenReason?: string;
}

const NO_CAPABILITY = 'the kernel hides page frame numbers from processes without CAP_SYS_ADMIN';
const WITHHELD =
  'the kernel reported frame 0 for a present page: it withholds frame numbers unless the reader ' +
  'has CAP_SYS_ADMIN in the initial user namespace (root in a container does not)';

const bit = (entry: bigint, index: bigint): boolean => ((entry >> index) & 1n) === 1n;
const PFN_MASK = (1n << 55n) - 1n;
const ENTRY_BYTES = 8;
const MAX_RUN = 512;

/**
 * Decodes one 64-bit pagemap entry. `framesVisible` says whether the reader had CAP_SYS_ADMIN,
 * which picks the reason given when a present page reads as frame 0.
 */
export function decodePagemapEntry(
  address: bigint,
  entry: bigint,
  framesVisible: boolean,
): PageState {
  const present = bit(entry, 63n);
  const swapped = bit(entry, 62n);
  const frame = entry & PFN_MASK;
  const hidden = present && !swapped && frame === 0n;
  return {
    address,
    present,
    swapped,
    pfn: present && !swapped && !hidden ? frame : null,
    ...(present ? { exclusive: bit(entry, 56n) } : {}),
    softDirty: bit(entry, 55n),
    fileOrSharedAnon: bit(entry, 61n),
    ...(hidden ? { pfnHiddenReason: framesVisible ? WITHHELD : NO_CAPABILITY } : {}),
  };
}

let capSysAdmin: Promise<boolean> | null = null;

/**
 * Whether this process has CAP_SYS_ADMIN (bit 21 of CapEff), which pagemap needs to show PFNs.
 * Read once: nothing in ShmLab changes its own capabilities, and every pagemap read asks.
 */
export function hasCapSysAdmin(): Promise<boolean> {
  capSysAdmin ??= readProcText('/proc/self/status').then((status) => {
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    return hex !== undefined && bit(BigInt(`0x${hex}`), 21n);
  });
  return capSysAdmin;
}

function checkPageSize(pageSize: number): bigint {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || (pageSize & (pageSize - 1)) !== 0) {
    throw new RangeError(`"pageSize" must be a power of two; got ${String(pageSize)}`);
  }
  return BigInt(pageSize);
}

/** Reads entries [first, first + count) into `entries`; returns how many the kernel gave. */
async function readRun(
  handle: FileHandle,
  first: bigint,
  count: number,
  entries: Map<bigint, bigint>,
): Promise<number> {
  const position = first * BigInt(ENTRY_BYTES);
  // Pages this far up are kernel addresses: the kernel has no entries for them.
  if (position + BigInt(count * ENTRY_BYTES) > BigInt(Number.MAX_SAFE_INTEGER)) return 0;
  const buffer = Buffer.alloc(count * ENTRY_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, Number(position));
  const got = Math.floor(bytesRead / ENTRY_BYTES);
  for (let index = 0; index < got; index += 1) {
    entries.set(first + BigInt(index), buffer.readBigUInt64LE(index * ENTRY_BYTES));
  }
  return got;
}

/**
 * Reads the pagemap entries of `pid` for the pages holding `addresses`, in the same order, with
 * one open and one positioned read per run of consecutive pages. Pages beyond the process's user
 * address space (e.g. [vsyscall]) have no entry and read as not present.
 *
 * @throws ProcFileError ENOENT / EACCES / EPERM when the file cannot be opened, ESRCH when the
 *   process exits before or while it is read.
 */
export async function readPagemap(
  pid: number,
  addresses: readonly bigint[],
  pageSize: number,
): Promise<PageState[]> {
  const path = `/proc/${checkPid(pid)}/pagemap`;
  const size = checkPageSize(pageSize);
  for (const address of addresses) {
    if (address < 0n) throw new RangeError(`addresses must not be negative; got ${address}n`);
  }
  const framesVisible = await hasCapSysAdmin();
  const pages = [...new Set(addresses.map((address) => address / size))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const entries = new Map<bigint, bigint>();
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw toProcFileError(error, path);
  }
  try {
    let shortRead = false;
    for (let index = 0; index < pages.length;) {
      const first = pages[index] as bigint;
      let count = 1;
      while (count < MAX_RUN && pages[index + count] === first + BigInt(count)) count += 1;
      if ((await readRun(handle, first, count, entries)) < count) shortRead = true;
      index += count;
    }
    // Page 0 always has an entry while the process has memory: none means it has exited.
    if (shortRead && (await readRun(handle, 0n, 1, new Map())) === 0) {
      throw new ProcFileError('ESRCH', path, 'read');
    }
  } catch (error) {
    throw toProcFileError(error, path);
  } finally {
    await handle.close();
  }
  return addresses.map((address) => {
    const page = address / size;
    return decodePagemapEntry(page * size, entries.get(page) ?? 0n, framesVisible);
  });
}
