// Issue 20, the rest of the walk: the synchronisation lab (panes 10–15) and a segment opened from
// This machine. After each action a learner takes there, once its answer shows, the pages table is
// held to /proc/<pid>/pagemap of every drawn process, read by this test at that moment (see
// truth-helpers.ts). The tutorial's panes 4 and 5 and Your program are in truth.spec.ts.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { attachInPane, byteCell, createSegment, pageSize, pane, waitForLab } from './helpers';
import { removeForeignSegments, startForeignWriter } from './machine-helpers';
import type { PageRowCells } from './pages-table';
import { makeSemaphoreSet, openPane, resetProgram, stepProcess } from './sync-helpers';
import { expectTableEqualsPagemap, panePid } from './truth-helpers';

/** Row `page`'s present bits by column id. */
const presentIn = (table: readonly PageRowCells[], page: number): Record<string, string> =>
  Object.fromEntries(Object.entries(table[page]!.cells).map(([id, cell]) => [id, cell.present]));

/** A's and B's pids as their panes show them now (A's changes when it is respawned). */
async function drawn(app: Page): Promise<Record<string, number>> {
  return { A: await panePid(app, 'A'), B: await panePid(app, 'B') };
}

/** Clicks a button of `column` and waits for the status line it produces. */
async function press(column: Locator, button: string, status: Locator, text: string | RegExp) {
  await column.getByRole('button', { name: button, exact: true }).click();
  await expect(status).toContainText(text);
}

test('sync lab, panes 10 to 15: after each action the pages table is each process’s pagemap', async ({
  app,
}) => {
  test.setTimeout(180_000);
  await waitForLab(app);
  const pages = 2;
  const shmid = await createSegment(app, String(pages * pageSize));
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const check = async (): Promise<PageRowCells[]> =>
    expectTableEqualsPagemap(app, shmid, await drawn(app), pages);

  const fresh = await check();
  expect(presentIn(fresh, 0)).toEqual({ A: 'false', B: 'false' });

  // Pane 10: each load and store is the process's own access to page 0, and shows as it lands.
  let tutorial = await openPane(app, 10);
  await resetProgram(tutorial);
  await check();
  await stepProcess(tutorial, 'A', 'load');
  expect(presentIn(await check(), 0).A).toBe('true');
  await stepProcess(tutorial, 'B', 'load');
  expect(presentIn(await check(), 0)).toEqual({ A: 'true', B: 'true' });
  for (const name of ['A', 'B'] as const) {
    await stepProcess(tutorial, name, 'add');
    await stepProcess(tutorial, name, 'store');
    await check();
  }
  // Page 1 was never touched by anyone.
  expect(presentIn(await check(), 1)).toEqual({ A: 'false', B: 'false' });

  // Pane 11: three runs of increments in both processes.
  tutorial = await openPane(app, 11);
  await tutorial.getByLabel('N per process').fill('2000');
  await tutorial.getByRole('button', { name: 'Run all three, one after another' }).click();
  await expect(tutorial.locator('[data-field="atomic:finished"]')).toHaveText('all done', {
    timeout: 90_000,
  });
  await check();

  // Pane 13: a P() that blocks and the V() that wakes it.
  tutorial = await openPane(app, 13);
  await makeSemaphoreSet(tutorial);
  const columnA = tutorial.getByRole('region', { name: "A's semaphore calls" });
  const columnB = tutorial.getByRole('region', { name: "B's semaphore calls" });
  const semopOf = (name: 'A' | 'B') => tutorial.getByRole('status', { name: `${name}'s semop` });
  await press(columnA, 'A: P()', semopOf('A'), "A's P() returned at once");
  await press(columnB, 'B: P()', semopOf('B'), 'has not returned');
  await check();
  await press(columnA, 'A: V()', semopOf('B'), 'B woke up by itself');
  await check();
  // B gives the lock back: the set is free again for pane 14, which works on the same set.
  await press(columnB, 'B: V()', semopOf('B'), "B's V() returned at once");

  // Pane 14: A is killed holding the lock; a new A attaches again and has touched nothing.
  tutorial = await openPane(app, 14);
  const undoA = tutorial.getByRole('region', { name: "A's semaphore calls" });
  const undoB = tutorial.getByRole('region', { name: "B's semaphore calls" });
  await press(undoA, 'A: P()', semopOf('A'), "A's P() returned at once");
  await press(undoB, 'B: P()', semopOf('B'), 'has not returned');
  await undoA.getByRole('button', { name: 'Kill A (SIGKILL)' }).click();
  await expect(pane(app, 'A')).toContainText('killed by SIGKILL');
  await undoB.getByRole('button', { name: "Cancel B's wait" }).click();
  await expect(semopOf('B')).toContainText("B's wait was cancelled");
  await undoA.getByRole('button', { name: 'Respawn A' }).click();
  await expect(undoA.getByRole('heading', { name: 'A · running' })).toBeVisible();
  await undoA.getByRole('button', { name: /Attach segment \d+ in A again/ }).click();
  await expect(undoA.getByRole('status').filter({ hasText: 'shmat returned 0x' })).toBeVisible();
  const again = await check();
  expect(presentIn(again, 0)).toEqual({ A: 'false', B: 'true' });

  // Pane 15: A stores a pointer (page 0 enters the new A), B loads it and reads through its base.
  tutorial = await openPane(app, 15);
  await tutorial.getByRole('button', { name: /In A: store A's address of byte 32/ }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'A stored' })).toBeVisible();
  expect(presentIn(await check(), 0)).toEqual({ A: 'true', B: 'true' });
  await tutorial.getByRole('button', { name: 'In B: load the u64 at offset 8' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'B read 0x' })).toBeVisible();
  await check();
  await tutorial.getByRole('button', { name: "In B: read byte 32 from B's own base" }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'At base_B + 32' })).toBeVisible();
  expect(presentIn(await check(), 1)).toEqual({ A: 'false', B: 'false' });
});

test.describe('This machine', () => {
  test.afterEach(() => removeForeignSegments());

  test('a segment opened from the machine view is drawn as each page table has it', async ({
    app,
  }) => {
    const writer = await startForeignWriter('opened from the list', { pages: 2 });
    try {
      await waitForLab(app);
      await app.getByRole('button', { name: 'This machine' }).click();
      await expect(app.getByText(/Live: read at/)).toBeVisible();
      await app.getByRole('button', { name: `Details of segment ${writer.shmid}` }).click();

      await app.getByRole('button', { name: 'Open in A read-only' }).click();
      await expect(app.getByRole('status').filter({ hasText: 'Opened in A at' })).toBeVisible();
      await expect(byteCell(app, 'A', 0)).toHaveText('6f'); // 'o', read leaving no trace
      const readOnly = await expectTableEqualsPagemap(app, writer.shmid, await drawn(app), 2);
      expect(presentIn(readOnly, 0)).toEqual({ A: 'false', B: 'unmapped' });

      await app.getByRole('button', { name: 'Open in B with write access…' }).click();
      await app
        .getByRole('group', { name: `Confirm write access to segment ${writer.shmid} in B` })
        .getByRole('button', { name: /^Yes, open uid 65534 \(nobody\)’s segment/ })
        .click();
      await expect(pane(app, 'B').getByLabel('Attachment in B')).toContainText('read-write');
      await expect(byteCell(app, 'B', 0)).toHaveText('6f');
      const both = await expectTableEqualsPagemap(app, writer.shmid, await drawn(app), 2);
      expect(presentIn(both, 0)).toEqual({ A: 'false', B: 'false' });

      // B's own store at offset 4100 (page 1) enters B's page table there, and nowhere else.
      const b = pane(app, 'B');
      await b.getByLabel('Offset for B').fill(String(pageSize + 4));
      await b.getByLabel('Type for B').selectOption('u8');
      await b.getByLabel('Value for B').fill('7');
      await b.getByRole('button', { name: 'Write in B' }).click();
      await expect(b.getByRole('status').filter({ hasText: /^wrote/ })).toBeVisible();
      const written = await expectTableEqualsPagemap(app, writer.shmid, await drawn(app), 2);
      expect(presentIn(written, 1)).toEqual({ A: 'false', B: 'true' });
      expect(presentIn(written, 0)).toEqual({ A: 'false', B: 'false' });
    } finally {
      await writer.finish();
    }
  });
});
