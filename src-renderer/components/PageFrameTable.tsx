import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { kernelAddressText } from './pane-text';
import { PROCESS_NAMES } from './segment-pages';
import type { PageSide, SegmentPages } from './segment-pages';

export interface PageFrameTableProps {
  pages: SegmentPages;
  shmid: number;
}

function presentText(side: PageSide | null): string {
  if (side === null) return 'not mapped';
  if (side.present) return 'yes';
  return side.swapped ? 'swapped out' : 'no';
}

function presentData(side: PageSide | null): string {
  if (side === null) return 'unmapped';
  return side.present ? 'true' : 'false';
}

/**
 * The pages of the segment as both pagemaps report them, one row per page. The frame cell carries
 * each process's raw PFN in data-pfn-a / data-pfn-b ('' when there is none to show), so a test can
 * check that A and B map the same frame.
 */
export function PageFrameTable({ pages, shmid }: PageFrameTableProps): ReactNode {
  const shown = pages.rows.length;
  const pfnAttributes = (sides: Record<ProcessName, PageSide | null>) => ({
    'data-pfn-a': sides.A?.pfn ?? '',
    'data-pfn-b': sides.B?.pfn ?? '',
  });
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
            {PROCESS_NAMES.map((name) => (
              <th key={name} scope="col">{`${name}'s virtual address`}</th>
            ))}
            {PROCESS_NAMES.map((name) => (
              <th key={name} scope="col">{`Present in ${name}`}</th>
            ))}
            <th scope="col">Frame (PFN)</th>
          </tr>
        </thead>
        <tbody>
          {pages.rows.map((row) => (
            <tr key={row.index} data-page={row.index}>
              <th scope="row">{row.index}</th>
              {PROCESS_NAMES.map((name) => {
                const side = row.sides[name];
                return (
                  <td key={name} className="mono" data-process={name}>
                    {side === null ? '—' : kernelAddressText(side.address)}
                  </td>
                );
              })}
              {PROCESS_NAMES.map((name) => (
                <td
                  key={name}
                  data-process={name}
                  data-present={presentData(row.sides[name])}
                  className={row.sides[name]?.present === true ? 'is-present' : 'is-absent'}
                >
                  {presentText(row.sides[name])}
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
