// Bytes of a child's mapping on their way to the Lab (read, view): base64 in the child's reply,
// checked and decoded into the API's numbers in the Lab, and the bound on what a child holds
// unread in its report channel.
import { z } from 'zod';

/** The length of the base64 text of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/**
 * The most a child may hold of answers the Lab has not read, before it refuses a read or a view
 * (E_BUSY): what bounds a child's memory when it is sent more reads than the Lab's own budget
 * allows, or its Lab stops reading. That budget, 4 MiB of reads at a time (CHILD_REQUEST_LIMITS
 * in pending-requests.ts), is 5.6 MB of answers; the rest is room for the watcher's reports.
 */
export const MAX_CHILD_BACKLOG = 8 * 1024 * 1024;

/** Memory bytes as a child sends them (see memoryBytes). */
export function encodeMemoryBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The numbers the API carries, from the bytes a child sent. */
function toNumbers(bytes: Uint8Array): number[] {
  // fill() first makes a packed array of small integers: Array.from on a MiB of bytes, or
  // assigning into new Array(n), costs hundreds of milliseconds.
  const numbers = new Array<number>(bytes.length).fill(0);
  for (let index = 0; index < bytes.length; index += 1) numbers[index] = bytes[index]!;
  return numbers;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Bytes of memory (read, view), as the child sends them: base64, a third more than the bytes.
 * As a JSON array of numbers they were up to four times more, and building and parsing that
 * array cost each end hundreds of milliseconds per MiB (0.7-1.7 s for one 1 MiB read on a loaded
 * 2-core machine, against 0.2-0.4 s now). Checked, then decoded into the numbers the API
 * carries.
 */
export const memoryBytes = (max: number) => {
  const tooMany = `bytes must be the base64 of at most ${max} bytes`;
  return z
    .string({ error: 'bytes must be a base64 string' })
    .max(base64Length(max), { error: tooMany })
    .refine((text) => text.length % 4 === 0 && BASE64.test(text), {
      error: 'bytes must be base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4)',
    })
    .transform((text, context) => {
      const bytes = Buffer.from(text, 'base64');
      // The text's length allows up to two bytes more than `max`: the count decides.
      if (bytes.length <= max) return toNumbers(bytes);
      context.issues.push({ code: 'custom', message: tooMany, input: text });
      return z.NEVER;
    });
};
