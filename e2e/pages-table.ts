// The memory diagram's pages table as the page shows it, and the same table as the kernel says
// it should be, from each process's /proc/<pid>/maps and /proc/<pid>/pagemap read here, by the
// test or the bench, never by the app. Shared by truth.spec.ts and the facts bench, so both hold
// the table to one definition of "equals pagemap". No Playwright test import: the bench loads it.
import { createRequire } from 'node:module';
import type * as Addon from '../native/index.js';
import { readPagemap } from '../src-main/proc/pagemap';
import { attachedAt } from './program-diagram-helpers';

const pageSize = (createRequire(import.meta.url)('../native/index.js') as typeof Addon).constants
  .pageSize;

/** One process's cell of one row: what its pagemap says of the page. */
export interface PageCell {
  /** 'unmapped' where the process does not map the segment. */
  present: 'true' | 'false' | 'unmapped';
  /** The PFN in hex ('0x1de480'); '' when none is shown (absent, hidden, not mapped). */
  pfn: string;
}

/** One row of the table: a page of the segment and each drawn process's cell, by column id. */
export interface PageRowCells {
  page: number;
  cells: Record<string, PageCell>;
}

/**
 * `readPagesTable(shmid)`, run in the page (as source text, see bench/in-page.ts): the rows of the
 * table "Pages of shmid <shmid>" with each process's data-present and its data-pfn-<id>, or null
 * when the table is not there. A missing PFN attribute reads as null, which equals nothing.
 */
export const READ_PAGES_TABLE = `function readPagesTable(shmid) {
  const table = document.querySelector('table[aria-label="Pages of shmid ' + shmid + '"]');
  if (table === null) return null;
  return [...table.querySelectorAll('tbody tr[data-page]')].map((row) => {
    const frame = row.querySelector('td[data-frame]');
    const cells = {};
    for (const cell of row.querySelectorAll('td[data-process][data-present]')) {
      const id = cell.getAttribute('data-process');
      cells[id] = {
        present: cell.getAttribute('data-present'),
        pfn: frame === null ? null : frame.getAttribute('data-pfn-' + id.toLowerCase()),
      };
    }
    return { page: Number(row.getAttribute('data-page')), cells };
  });
}`;

/**
 * The rows `pages` of shmid's table as the kernel says them now: for each process (column id →
 * pid), where its maps show the segment and its pagemap entry of each page there.
 */
export async function pagemapTable(
  shmid: number,
  processes: Readonly<Record<string, number>>,
  pages: readonly number[],
): Promise<PageRowCells[]> {
  const columns = await Promise.all(
    Object.entries(processes).map(async ([id, pid]): Promise<[string, PageCell[]]> => {
      const base = attachedAt(pid, shmid);
      if (base === null) return [id, pages.map(() => ({ present: 'unmapped', pfn: '' }))];
      const addresses = pages.map((page) => base + BigInt(page * pageSize));
      const entries = await readPagemap(pid, addresses, pageSize);
      return [
        id,
        entries.map((entry) => ({
          present: entry.present ? 'true' : 'false',
          pfn: entry.present && entry.pfn !== null ? `0x${entry.pfn.toString(16)}` : '',
        })),
      ];
    }),
  );
  return pages.map((page, index) => ({
    page,
    cells: Object.fromEntries(columns.map(([id, cells]) => [id, cells[index]!])),
  }));
}

/** Where `shown` differs from `kernel`, in words (first few); empty when they are equal. */
export function tableDifferences(
  shown: readonly PageRowCells[] | null,
  kernel: readonly PageRowCells[],
): string[] {
  if (shown === null) return ['the table is not in the page'];
  const problems: string[] = [];
  if (shown.length !== kernel.length)
    problems.push(`${shown.length} rows shown, ${kernel.length} expected`);
  kernel.forEach((row, index) => {
    const seen = shown[index];
    const ids = new Set([...Object.keys(row.cells), ...Object.keys(seen?.cells ?? {})]);
    for (const id of ids) {
      const want = row.cells[id];
      const got = seen?.cells[id];
      if (want?.present === got?.present && want?.pfn === got?.pfn) continue;
      problems.push(
        `page ${row.page}, ${id}: shown ${got === undefined ? 'no cell' : `${got.present} ${got.pfn || '-'}`}, ` +
          `pagemap ${want === undefined ? 'not drawn' : `${want.present} ${want.pfn || '-'}`}`,
      );
    }
  });
  return problems.slice(0, 5);
}
