// Text for sizes and addresses. Sizes and addresses arrive as bigint because 64-bit virtual
// addresses (0xffffffffff600000) and the gaps between them do not fit a double exactly.
import { formatAddress } from '../../src-main/common/address';

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

function toByteCount(n: number | bigint): bigint {
  if (typeof n === 'number' && !Number.isInteger(n)) {
    throw new RangeError(`A byte count must be an integer, got ${n}`);
  }
  const bytes = BigInt(n);
  if (bytes < 0n) throw new RangeError(`A byte count cannot be negative, got ${bytes}`);
  return bytes;
}

/**
 * Formats a byte count with binary units: exact bytes under 1 KiB ("100 B"), otherwise at most one
 * decimal, rounded half up and without a trailing ".0" ("4 KiB", "1.5 MiB", "127.4 TiB").
 * A value that rounds up to 1024 of a unit is written in the next unit ("1 MiB", not "1024 KiB").
 *
 * @throws RangeError for a negative or fractional count.
 */
export function formatBytes(n: number | bigint): string {
  const bytes = toByteCount(n);
  if (bytes < 1024n) return `${bytes} B`;
  let unitIndex = 0;
  let unitSize = 1024n;
  while (unitIndex < BYTE_UNITS.length - 1 && bytes >= unitSize * 1024n) {
    unitIndex += 1;
    unitSize *= 1024n;
  }
  // Tenths of the unit, rounded half up, in integer arithmetic so no precision is lost.
  let tenths = (bytes * 20n + unitSize) / (unitSize * 2n);
  if (tenths >= 10240n && unitIndex < BYTE_UNITS.length - 1) {
    unitIndex += 1;
    unitSize *= 1024n;
    tenths = (bytes * 20n + unitSize) / (unitSize * 2n);
  }
  const whole = tenths / 10n;
  const fraction = tenths % 10n;
  const unit = BYTE_UNITS[unitIndex] ?? 'EiB';
  return fraction === 0n ? `${whole} ${unit}` : `${whole}.${fraction} ${unit}`;
}

/** The three numbers of "base + offset = address", each as it should be shown. */
export interface OffsetSum {
  /** The base address, as {@link formatAddress} writes it. */
  base: string;
  /** The offset in lowercase hex without padding, e.g. '0x10', so the sum can be checked by eye. */
  offset: string;
  /** base + offset, as {@link formatAddress} writes it. */
  sum: string;
}

/**
 * Splits an address into base + offset for display, computing the sum with bigint so it is exact:
 * (0x7f3a1442e000n, 16) → { base: '0x7f3a1442e000', offset: '0x10', sum: '0x7f3a1442e010' }.
 *
 * @throws RangeError for an offset that is not a non-negative safe integer, or a sum past 2^64 - 1.
 */
export function formatOffsetSum(base: bigint, offset: number): OffsetSum {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`An offset must be a non-negative safe integer, got ${offset}`);
  }
  return {
    base: formatAddress(base),
    offset: `0x${offset.toString(16)}`,
    sum: formatAddress(base + BigInt(offset)),
  };
}
