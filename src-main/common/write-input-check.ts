// The write command's input checked by hand: the write is the command on the way from the
// learner's click to the other pane, and it mostly comes after the Lab was idle, when zod's
// first parse costs about 0.2 ms on the machines we measure on (this costs under half). The
// schema (writeInput) stays the definition: anything this does not accept goes to it, and a
// test holds this to it on generated inputs.
import type { ValueType } from './codec';
import { VALUE_TYPES, validateValue } from './codec';
import type { ParsedInput } from './schemas';
import { MAX_LAB_SEGMENT, MAX_VALUE_TEXT } from './schemas';

const KEYS = new Set(['process', 'offset', 'type', 'value', 'endian']);
const TYPES: ReadonlySet<unknown> = new Set(VALUE_TYPES);

/** `input` as writeInput would parse it, or null when it might not (the schema then decides). */
export function asWriteInput(input: unknown): ParsedInput<'write'> | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return null;
  for (const key of Object.keys(input)) if (!KEYS.has(key)) return null;
  const { process, offset, type, value, endian = 'le' } = input as Record<string, unknown>;
  if (process !== 'A' && process !== 'B') return null;
  if (typeof offset !== 'number' || !Number.isInteger(offset)) return null;
  if (offset < 0 || offset > MAX_LAB_SEGMENT || !TYPES.has(type)) return null;
  if (typeof value !== 'string' || value.length > MAX_VALUE_TEXT) return null;
  if (endian !== 'le' && endian !== 'be') return null;
  const checked: ParsedInput<'write'> = {
    process: process === 'A' ? 'A' : 'B',
    offset,
    type: type as ValueType,
    value,
    endian: endian === 'le' ? 'le' : 'be',
  };
  return validateValue(checked.type, value, checked.endian) === null ? checked : null;
}
