/**
 * Virtual addresses: one notation everywhere an address is shown, and conversion of the
 * forms an address takes after crossing a boundary (bigint, JSON-safe string or number).
 */
import { codecError, quoteInput, type CodecError } from './codec-error';
import { parseIntegerText } from './number-text';

const ADDRESS_MAX = (1n << 64n) - 1n;

/** What an address field accepts; the `allowed` text of every address error. */
export const ADDRESS_ALLOWED = 'an address from 0x0 to 0xffffffffffffffff, e.g. 0x7f3a2c000000';

/**
 * `0x` and lowercase hex, padded to at least 12 digits so user-space addresses line up
 * (`0x7f3a2c000000`, `0x000000401000`); kernel-half addresses show all 16.
 * @throws RangeError if `address` is negative or above 2^64 - 1.
 */
export function formatAddress(address: bigint): string {
  if (address < 0n || address > ADDRESS_MAX) {
    throw new RangeError(`${address} is not a 64-bit address`);
  }
  return `0x${address.toString(16).padStart(12, '0')}`;
}

/**
 * Converts an address as it arrives from another process or over JSON: a bigint, a string of
 * `0x` + hex digits or of decimal digits, or a safe non-negative integer number.
 * This is for values our own code produced; use {@link parseAddress} for what a person typed.
 * @throws RangeError for anything else, or a value outside 0 to 2^64 - 1.
 */
export function toBigIntAddress(value: bigint | number | string): bigint {
  let address: bigint;
  if (typeof value === 'bigint') {
    address = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not an exact address`);
    address = BigInt(value);
  } else {
    if (!/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i.test(value)) {
      throw new RangeError(`"${value}" is not an address`);
    }
    address = BigInt(value);
  }
  if (address < 0n || address > ADDRESS_MAX) {
    throw new RangeError(`${address} is not a 64-bit address`);
  }
  return address;
}

/** A typed address, or why it is not one. */
export type AddressResult =
  | { readonly ok: true; readonly address: bigint }
  | { readonly ok: false; readonly error: CodecError };

/**
 * Parses an address a person typed (e.g. where to attach), with the integer syntax of value
 * fields: `0x7f3a2c000000`, decimal, `0b`/`0o`, `_` between digits.
 */
export function parseAddress(text: string): AddressResult {
  const fail = (message: string): AddressResult => ({
    ok: false,
    error: codecError(message, ADDRESS_ALLOWED),
  });
  if (text.trim() === '') return fail('Nothing to use: the address is empty');
  const parsed = parseIntegerText(text);
  if (!parsed.ok) return fail(`${quoteInput(text)} is not a valid address: ${parsed.reason}`);
  const { value } = parsed.value;
  if (value < 0n || value > ADDRESS_MAX) {
    return fail(`${quoteInput(text)} is out of range for a 64-bit address`);
  }
  return { ok: true, address: value };
}
