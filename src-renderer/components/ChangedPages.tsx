import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import type { ChangedPage } from '../store/memory';

export interface ChangedPagesProps {
  name: ProcessName;
  /** Pages outside the viewed window the process reported changed, newest last. */
  pages: readonly ChangedPage[];
  pageSize: number;
  /** Bytes the hex view can scroll to; pages past it are listed without a button. */
  reachable: number;
  onShow(page: number): void;
}

/**
 * The pages of the segment outside the hex view's window that changed in this process's mapping
 * (the process reported them; their bytes are not on screen), each with a button that scrolls the
 * view there. A mark goes once the view shows its page.
 */
export function ChangedPages({
  name,
  pages,
  pageSize,
  reachable,
  onShow,
}: ChangedPagesProps): ReactNode {
  if (pages.length === 0) return null;
  const sorted = [...pages].sort((a, b) => a.page - b.page);
  return (
    <div
      className="hex-view__pages"
      role="group"
      aria-label={`Pages changed in ${name} outside the view`}
    >
      <p className="hex-view__pages-title">Changed in {name}’s mapping outside the rows shown:</p>
      <ul className="hex-view__pages-list">
        {sorted.map(({ page }) => (
          <li key={page} data-page={page}>
            {page * pageSize < reachable ? (
              <button type="button" className="secondary" onClick={() => onShow(page)}>
                Show page {page}
              </button>
            ) : (
              <span>page {page}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
