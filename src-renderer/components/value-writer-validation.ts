// What the value writer checks as the learner types: the offset, the value against its type,
// and that the bytes fit inside the attachment; and the write request it sends.
import type { AttachmentInfo, ProcessName, ProcessState } from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import type { Endianness, ValueType } from '../../src-main/common/codec';
import { ENDIANNESSES, VALUE_TYPES, byteWidth } from '../../src-main/common/codec';
import { formatHex } from '../../src-main/common/hex';
import {
  encodeWriteValue,
  offsetRangeProblem,
  parseOffset,
} from '../../src-main/common/offset-text';
import type { CommandInput } from '../../src-main/common/schemas';
import type { OffsetSum } from '../geometry/format';
import { formatOffsetSum } from '../geometry/format';
import type { FieldCheck } from './attach-form-validation';
import { notRunningText } from './pane-text';

/** How each value type is named in the type list. */
export const TYPE_LABELS: Readonly<Record<ValueType, string>> = {
  u8: 'u8: unsigned 8-bit integer',
  i8: 'i8: signed 8-bit integer',
  u16: 'u16: unsigned 16-bit integer',
  i16: 'i16: signed 16-bit integer',
  u32: 'u32: unsigned 32-bit integer',
  i32: 'i32: signed 32-bit integer',
  u64: 'u64: unsigned 64-bit integer',
  i64: 'i64: signed 64-bit integer',
  f32: 'f32: 32-bit float',
  f64: 'f64: 64-bit float',
  ascii: 'ASCII text',
  utf8: 'UTF-8 text',
  hex: 'raw bytes in hex',
};

/** How each byte order is named. */
export const ENDIAN_LABELS: Readonly<Record<Endianness, string>> = {
  le: 'little-endian',
  be: 'big-endian',
};

/** The value type a select's value names, or null. */
export function toValueType(text: string): ValueType | null {
  return VALUE_TYPES.find((type) => type === text) ?? null;
}

/** The byte order a select's value names, or null. */
export function toEndianness(text: string): Endianness | null {
  return ENDIANNESSES.find((endian) => endian === text) ?? null;
}

/** Whether byte order changes the bytes of `type`: only multi-byte numbers. */
export function endianApplies(type: ValueType): boolean {
  return (byteWidth(type) ?? 1) > 1;
}

/** Bytes as hex pairs, the first `limit` of them when there are more. */
export function previewHex(bytes: Uint8Array, limit = 32): string {
  if (bytes.length <= limit) return formatHex(bytes);
  return `${formatHex(bytes.subarray(0, limit))} …`;
}

export interface WriteFormInput {
  process: ProcessName;
  state: ProcessState;
  offsetText: string;
  type: ValueType;
  endian: Endianness;
  valueText: string;
}

export interface WritePlan {
  offset: FieldCheck<number>;
  /** Why the value cannot be encoded (`message` and `allowed`), or null. */
  valueError: { message: string; allowed: string } | null;
  /** Why the bytes do not fit the attachment, or null (also null when not attached). */
  rangeError: string | null;
  /** The bytes the write will store, when the value encodes. */
  bytes: Uint8Array | null;
  /** base + offset in this process, when attached and the offset lies inside the attachment. */
  landing: OffsetSum | null;
  /** Why the write cannot be sent now, or null when it can. */
  blocked: string | null;
  request: CommandInput<'write'> | null;
}

function landingOf(attachment: AttachmentInfo | null, offset: FieldCheck<number>) {
  if (attachment === null || !offset.ok || offset.value >= attachment.size) return null;
  try {
    return formatOffsetSum(toBigIntAddress(attachment.address), offset.value);
  } catch {
    return null;
  }
}

function blockedBy(input: WriteFormInput, plan: Omit<WritePlan, 'blocked' | 'request'>) {
  const { process, state } = input;
  const notRunning = notRunningText(process, state);
  if (notRunning !== null) return notRunning;
  if (state.attachment === null) return `${process} has no segment attached; attach (shmat) first.`;
  if (state.attachment.readOnly) {
    return `${process} attached the segment read-only (SHM_RDONLY): its mapping has no write permission, so a store would fault.`;
  }
  if (!plan.offset.ok) return 'Enter a valid offset.';
  if (input.valueText === '') return 'Type a value to write.';
  if (plan.valueError !== null) return 'Enter a valid value.';
  if (plan.rangeError !== null) return 'The value does not fit at this offset.';
  return null;
}

/** Checks the form against the process's attachment and builds the request when it can be sent. */
export function planWrite(input: WriteFormInput): WritePlan {
  const { attachment } = input.state;
  const offset = parseOffset(input.offsetText);
  const encoded = encodeWriteValue(input.type, input.valueText, input.endian);
  const bytes = encoded.ok ? encoded.bytes : null;
  const valueError = encoded.ok ? null : encoded.error;
  const length = bytes?.length ?? byteWidth(input.type) ?? 1;
  const rangeError =
    attachment !== null && offset.ok
      ? offsetRangeProblem(offset.value, length, attachment.size)
      : null;
  const checked = { offset, valueError, rangeError, bytes, landing: landingOf(attachment, offset) };
  const blocked = blockedBy(input, checked);
  if (blocked !== null || !offset.ok) return { ...checked, blocked, request: null };
  const { process, type, endian, valueText } = input;
  return {
    ...checked,
    blocked,
    request: { process, offset: offset.value, type, endian, value: valueText },
  };
}
