// What truth.spec.ts checks after each action: the pages table equals the kernel's pagemap of
// every drawn process at that moment (see pages-table.ts), and the pids it needs for that.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { pane } from './helpers';
import type { PageRowCells } from './pages-table';
import { READ_PAGES_TABLE, pagemapTable, tableDifferences } from './pages-table';

/** The most rows the pages table shows (MemoryDiagram's maxTableRows). */
const TABLE_ROWS = 64;
/** Reads of pagemap again, this far apart, while one differs from the table. */
const REREADS = 3;
const REREAD_MS = 5;

/** A's or B's pid, from its pane's status line. */
export async function panePid(app: Page, name: 'A' | 'B'): Promise<number> {
  const status = pane(app, name).getByText(/\bpid \d+ · running/);
  await expect(status).toBeVisible();
  return Number(/\bpid (\d+)\b/.exec((await status.textContent()) ?? '')![1]);
}

/** The rows of the pages table of `shmid` as the page shows them now; null when it is absent. */
export async function shownPagesTable(app: Page, shmid: number): Promise<PageRowCells[] | null> {
  return (await app.evaluate(`(${READ_PAGES_TABLE})(${shmid})`)) as PageRowCells[] | null;
}

/**
 * Reads the pages table of `shmid` once, then each drawn process's pagemap of those pages, and
 * expects them equal: the same columns (`processes`, column id → pid: 'A', 'B', 'p<pid>'), for
 * each row the same present bit and the same PFN ('' on both sides where the kernel hides it).
 * The page is read once, with no retry: what it shows at that moment (pagemap is read again only
 * while it differs, see below). With `pageCount`, the table must have its first
 * min(pageCount, 64) rows. Returns the table, for the caller's own checks.
 */
export async function expectTableEqualsPagemap(
  app: Page,
  shmid: number,
  processes: Readonly<Record<string, number>>,
  pageCount?: number,
): Promise<PageRowCells[]> {
  const shown = await shownPagesTable(app, shmid);
  expect(shown, `the table "Pages of shmid ${shmid}" is in the page`).not.toBeNull();
  const pages = shown!.map((row) => row.page);
  let kernel = await pagemapTable(shmid, processes, pages);
  // A read may land in the microseconds one of ShmLab's own looks holds an entry (see
  // native/src/traceless.h); the next read does not. The table is held to the kernel as it stays.
  for (let read = 0; read < REREADS && tableDifferences(shown, kernel).length > 0; read += 1) {
    await new Promise((resolve) => setTimeout(resolve, REREAD_MS));
    kernel = await pagemapTable(shmid, processes, pages);
  }
  expect(shown, `the pages table of shmid ${shmid} equals each process's pagemap`).toEqual(kernel);
  if (pageCount !== undefined) {
    expect(shown!.map((row) => row.page)).toEqual(
      Array.from({ length: Math.min(pageCount, TABLE_ROWS) }, (_, index) => index),
    );
  }
  return shown!;
}

/**
 * Whether the kernel shows frame numbers to this test (root, CAP_SYS_ADMIN): some present cell
 * of `table` carries a PFN. Where they are hidden, the checks compare present bits only.
 */
export function pfnsVisible(table: readonly PageRowCells[]): boolean {
  return table.some((row) => Object.values(row.cells).some((cell) => cell.pfn !== ''));
}
