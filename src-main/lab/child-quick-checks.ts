// Hand-written checks of the three messages on the way from a learner's write to the other
// pane: the write request to the writer, the expect notice to the others, and the watcher's
// report back. They arrive after the processes were idle, when zod's first parse costs about
// 0.05 to 0.2 ms on the machines we measure on; these cost a fraction. Each returns the message
// exactly as its schema (child-protocol.ts) would read it, or null for anything that might not
// fit, which then goes to the schema and its sentence. Tests hold each to its schema.
import type { ChildMessage, ChildNotice, ChildRequest } from './child-protocol';

const INT32_MAX = 2 ** 31 - 1;
/** The longest expect the schema allows, in µs. */
const MAX_EXPECT_US = 20_000;

const isCount = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

const hasOnlyKeys = (value: object, keys: readonly string[]): boolean =>
  Object.keys(value).every((key) => keys.includes(key));

/** Whether `value` is an array of counts up to `max`; for...of also visits holes (as undefined). */
function isCounts(value: unknown, max: number): value is number[] {
  if (!Array.isArray(value)) return false;
  for (const item of value as unknown[]) if (!isCount(item, max)) return false;
  return true;
}

const asRecord = (raw: unknown): Record<string, unknown> | null =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw)
    ? (raw as Record<string, unknown>)
    : null;

/** A watcher report ('changed') as `childMessage` reads it, or null. */
export function asChangedReport(raw: unknown): Extract<ChildMessage, { type: 'changed' }> | null {
  const message = asRecord(raw);
  if (message === null || !hasOnlyKeys(message, ['type', 'shmid', 'changes', 'pages'])) return null;
  const { type, shmid, changes, pages } = message;
  if (type !== 'changed' || !isCount(shmid, INT32_MAX) || !Array.isArray(changes)) return null;
  if (!isCounts(pages, Number.MAX_SAFE_INTEGER)) return null;
  for (const item of changes as unknown[]) {
    const change = asRecord(item);
    if (change === null || !hasOnlyKeys(change, ['offset', 'bytes'])) return null;
    if (!isCount(change['offset'], Number.MAX_SAFE_INTEGER) || !isCounts(change['bytes'], 255))
      return null;
  }
  // New arrays and objects, as the schema gives: only the fields it knows, nothing else.
  const ranges = (changes as { offset: number; bytes: number[] }[]).map(({ offset, bytes }) => ({
    offset,
    bytes: [...bytes],
  }));
  return { type, shmid, changes: ranges, pages: [...pages] };
}

/** A write request as `parseChildRequest` reads it, or null. */
export function asWriteRequest(raw: unknown): Extract<ChildRequest, { op: 'write' }> | null {
  const message = asRecord(raw);
  if (message === null || !hasOnlyKeys(message, ['id', 'op', 'offset', 'bytes'])) return null;
  const { id, op, offset, bytes } = message;
  if (op !== 'write' || !isCount(id, Number.MAX_SAFE_INTEGER)) return null;
  if (!isCount(offset, Number.MAX_SAFE_INTEGER) || !isCounts(bytes, 255)) return null;
  return { op, offset, bytes: [...bytes], id };
}

/** An expect notice as `childNotice` reads it, or null. */
export function asExpectNotice(raw: unknown): Extract<ChildNotice, { op: 'expect' }> | null {
  const message = asRecord(raw);
  if (message === null || !hasOnlyKeys(message, ['op', 'withinUs'])) return null;
  const { op, withinUs } = message;
  if (op !== 'expect' || !isCount(withinUs, MAX_EXPECT_US)) return null;
  return { op, withinUs };
}
