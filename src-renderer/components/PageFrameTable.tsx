import type { ReactNode } from 'react';
import { kernelAddressText } from './pane-text';
import type { ColumnId, PageSide, SegmentPages } from './segment-pages';

export interface PageFrameTableProps {
  pages: SegmentPages;
  shmid: number;
  /** How each process's columns are headed ('A', 'pid 4242'); a key without one is shown as is. */
  names?: Readonly<Record<ColumnId, string>>;
}

function presentText(side: PageSide | null | undefined): string {
  if (side === null || side === undefined) return 'not mapped';
  if (side.present) return 'yes';
  return side.swapped ? 'swapped out' : 'no';
}

function presentData(side: PageSide | null | undefined): string {
  if (side === null || side === undefined) return 'unmapped';
  return side.present ? 'true' : 'false';
}

/**
 * The pages of the segment as each process's pagemap reports them, one row per page: A and B,
 * and the processes of the learner's program that map it. The frame cell carries each process's
 * raw PFN in data-pfn-a, data-pfn-b, data-pfn-p<pid> ('' when there is none to show), so a test
 * can check that they map the same frame.
 */
export function PageFrameTable({ pages, shmid, names = {} }: PageFrameTableProps): ReactNode {
  const shown = pages.rows.length;
  const ids = Object.keys(pages.cellOfPage);
  const nameOf = (id: ColumnId): string => names[id] ?? id;
  const pfnAttributes = (sides: Record<ColumnId, PageSide | null>) =>
    Object.fromEntries(ids.map((id) => [`data-pfn-${id.toLowerCase()}`, sides[id]?.pfn ?? '']));
  return (
    // Focusable and named: in a narrow column (the machine view's) the table scrolls sideways, and
    // a keyboard must be able to scroll it too.
    <div
      className="memory-diagram__table-wrap"
      role="region"
      aria-label={`Pages of shmid ${shmid}, scrollable`}
      tabIndex={0}
    >
      <table className="memory-diagram__table" aria-label={`Pages of shmid ${shmid}`}>
        <caption>
          {`Pages of shmid ${shmid}, from each process's /proc/<pid>/pagemap`}
          {shown < pages.pageCount ? ` (first ${shown} of ${pages.pageCount})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Page</th>
            {ids.map((id) => (
              <th key={id} scope="col">{`${nameOf(id)}'s virtual address`}</th>
            ))}
            {ids.map((id) => (
              <th key={id} scope="col">{`Present in ${nameOf(id)}`}</th>
            ))}
            <th scope="col">Frame (PFN)</th>
          </tr>
        </thead>
        <tbody>
          {pages.rows.map((row) => (
            <tr key={row.index} data-page={row.index}>
              <th scope="row">{row.index}</th>
              {ids.map((id) => {
                const side = row.sides[id];
                return (
                  <td key={id} className="mono" data-process={id}>
                    {side === null || side === undefined ? '—' : kernelAddressText(side.address)}
                  </td>
                );
              })}
              {ids.map((id) => (
                <td
                  key={id}
                  data-process={id}
                  data-present={presentData(row.sides[id])}
                  className={row.sides[id]?.present === true ? 'is-present' : 'is-absent'}
                >
                  {presentText(row.sides[id])}
                </td>
              ))}
              <td className="mono" data-frame {...pfnAttributes(row.sides)}>
                {row.frameText}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
