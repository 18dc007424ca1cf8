// What the view keeps between snapshots: every object it showed stays, marked gone with the
// moment it was first missed, until the learner dismisses it. An object is never dropped
// silently between two refreshes.

/** A row of a table and its life as the view saw it. */
export interface TrackedRow<T> {
  key: string;
  /** The last snapshot's values (the last ones seen, once gone). */
  row: T;
  /** takenAt of the first snapshot that held it. */
  firstSeen: number;
  /** takenAt of the first snapshot that no longer held it; null while it exists. */
  gone: number | null;
}

/** Whether two snapshots' values of one object are equal (they are plain JSON). */
function sameValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The rows after a new snapshot taken at `takenAt`: every current object (with its new values),
 * then every object shown before that the snapshot no longer holds, marked gone (kept at the
 * moment it was first missed). A gone key that comes back is a new object with the same name or
 * id, so it starts again as present.
 */
export function trackRows<T>(
  previous: readonly TrackedRow<T>[],
  current: readonly T[],
  keyOf: (row: T) => string,
  takenAt: number,
): TrackedRow<T>[] {
  const before = new Map(previous.map((tracked) => [tracked.key, tracked]));
  const seen = new Set<string>();
  const rows: TrackedRow<T>[] = current.map((row) => {
    const key = keyOf(row);
    seen.add(key);
    const old = before.get(key);
    if (old !== undefined && old.gone === null) {
      // The same object as before when nothing in it changed: memoised rows skip their render.
      return sameValues(old.row, row) ? old : { key, row, firstSeen: old.firstSeen, gone: null };
    }
    return { key, row, firstSeen: takenAt, gone: null };
  });
  for (const tracked of previous) {
    if (seen.has(tracked.key)) continue;
    rows.push(tracked.gone === null ? { ...tracked, gone: takenAt } : tracked);
  }
  return rows;
}

/** The rows without the gone one `key` (a present row is never dismissed). */
export function dismissRow<T>(rows: readonly TrackedRow<T>[], key: string): TrackedRow<T>[] {
  return rows.filter((tracked) => tracked.key !== key || tracked.gone === null);
}

/** The rows without any gone one. */
export function dismissAllGone<T>(rows: readonly TrackedRow<T>[]): TrackedRow<T>[] {
  return rows.filter((tracked) => tracked.gone === null);
}
