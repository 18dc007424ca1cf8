import { useEffect, useRef, useState } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import type { ChangeMark } from '../store/memory';
import { CHANGE_HIGHLIGHT_MS } from '../store/memory';
import type { ChangedRange } from './change-announcement';
import { ANNOUNCE_INTERVAL_MS, announceDelay, describeChanges } from './change-announcement';

/** One announcement; `id` changes each time so a live region can re-insert equal text. */
export interface Announcement {
  id: number;
  text: string;
}

/**
 * What a live region should say about bytes another process changed in `name`'s mapping:
 * changes are gathered and announced at most once per ANNOUNCE_INTERVAL_MS. Changes made from
 * this pane (`by: 'self'`) are not announced; the write's own outcome reports them.
 */
export function useChangeAnnouncer(
  name: ProcessName,
  marks: readonly ChangeMark[],
): Announcement | null {
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const seenUntil = useRef(Number.NEGATIVE_INFINITY);
  const pending = useRef<ChangedRange[]>([]);
  const lastAnnouncedAt = useRef(Number.NEGATIVE_INFINITY);

  useEffect(() => {
    const now = performance.now();
    // Marks already stale when first seen (e.g. the pane remounted) are old news.
    const fresh = marks.filter(
      (mark) =>
        mark.by === 'other' && mark.at > seenUntil.current && now - mark.at < CHANGE_HIGHLIGHT_MS,
    );
    for (const mark of fresh) {
      pending.current.push({ offset: mark.offset, length: mark.length });
      seenUntil.current = Math.max(seenUntil.current, mark.at);
    }
    if (pending.current.length === 0) return undefined;
    const delay = announceDelay(now, lastAnnouncedAt.current, ANNOUNCE_INTERVAL_MS);
    const timer = setTimeout(() => {
      const text = describeChanges(name, pending.current);
      pending.current = [];
      lastAnnouncedAt.current = performance.now();
      if (text !== null) setAnnouncement((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
    }, delay);
    return () => clearTimeout(timer);
  }, [name, marks]);

  return announcement;
}
