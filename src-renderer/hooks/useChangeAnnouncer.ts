import { useEffect, useState } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { followChanges } from '../store/lab-store';
import { createChangeAnnouncer } from './change-announcement';

/** One announcement; `id` changes each time so a live region can re-insert equal text. */
export interface Announcement {
  id: number;
  text: string;
}

/**
 * What a live region should say about bytes another process changed in `name`'s mapping (see
 * createChangeAnnouncer). The announcer follows the store's marks itself: a change re-renders
 * nothing here and runs no effect; only an announcement does.
 */
export function useChangeAnnouncer(name: ProcessName): Announcement | null {
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  useEffect(() => {
    const say = (text: string): void =>
      setAnnouncement((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
    return followChanges(name, createChangeAnnouncer(name, say));
  }, [name]);
  return announcement;
}
