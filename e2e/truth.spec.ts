// Issue 20, "the picture is the kernel's": after each action, the memory diagram's pages table is
// held to /proc/<pid>/pagemap of every drawn process, read by this test at that moment (no retry
// once the action's answer shows: the Lab re-reads the facts before it answers). A page is
// present in a process only once that process touched it; ShmLab's own looks leave no trace.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type * as Addon from '../native/index.js';
import { expect, test } from './fixtures';
import {
  attachInPane,
  byteCell,
  createSegment,
  goToStep,
  pageSize,
  pane,
  waitForLab,
} from './helpers';
import type { PageRowCells } from './pages-table';
import { attachedAt } from './program-diagram-helpers';
import { hasCc, openProgramView, setSource, waitForTerminal } from './program-helpers';
import { expectTableEqualsPagemap, panePid, pfnsVisible } from './truth-helpers';
import { attachFreshSegmentInBoth, projectRoot } from './web-host';

const addon = createRequire(import.meta.url)('../native/index.js') as typeof Addon;

/** Row `page`'s present bits by column id. */
const presentIn = (table: readonly PageRowCells[], page: number): Record<string, string> =>
  Object.fromEntries(Object.entries(table[page]!.cells).map(([id, cell]) => [id, cell.present]));

test('pane 5: B’s load maps A’s frame in B, and the table says so when “B read” shows', async ({
  app,
}) => {
  await waitForLab(app);
  const shmid = await createSegment(app, String(pageSize));
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const pids = { A: await panePid(app, 'A'), B: await panePid(app, 'B') };
  await goToStep(app, /Write in A, read in B/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByLabel('Offset').fill('16');
  await tutorial.getByLabel('u32 value').fill('42');

  const attached = await expectTableEqualsPagemap(app, shmid, pids, 1);
  expect(presentIn(attached, 0)).toEqual({ A: 'false', B: 'false' });

  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: /^A stored 42/ })).toBeVisible();
  // A's store faulted page 0 into A; B never touched it (its watcher and hex view leave no trace).
  const stored = await expectTableEqualsPagemap(app, shmid, pids, 1);
  expect(presentIn(stored, 0)).toEqual({ A: 'true', B: 'false' });

  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: /^B read 42\b/ })).toBeVisible();
  const loaded = await expectTableEqualsPagemap(app, shmid, pids, 1);
  expect(presentIn(loaded, 0)).toEqual({ A: 'true', B: 'true' });
  if (pfnsVisible(loaded)) {
    // B's arrow goes to A's frame: one PFN in both page tables.
    expect(loaded[0]!.cells.B!.pfn).toBe(loaded[0]!.cells.A!.pfn);
  }
});

test('pane 4: a touch puts page 0 in the toucher’s page table only; the second is a minor fault', async ({
  app,
}) => {
  await waitForLab(app);
  const pages = 3;
  const shmid = await createSegment(app, String(pages * pageSize));
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const pids = { A: await panePid(app, 'A'), B: await panePid(app, 'B') };
  await goToStep(app, /shmat in B/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  const none = { A: 'false', B: 'false' };

  const fresh = await expectTableEqualsPagemap(app, shmid, pids, pages);
  for (let page = 0; page < pages; page += 1) expect(presentIn(fresh, page)).toEqual(none);

  await tutorial.getByRole('button', { name: 'Touch page 0 in A' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: /^A loaded a byte/ })).toBeVisible();
  const touchedA = await expectTableEqualsPagemap(app, shmid, pids, pages);
  expect(presentIn(touchedA, 0)).toEqual({ A: 'true', B: 'false' });
  for (let page = 1; page < pages; page += 1) expect(presentIn(touchedA, page)).toEqual(none);

  await tutorial.getByRole('button', { name: 'Touch page 0 in B' }).click();
  const told = tutorial.getByRole('status').filter({ hasText: /^B loaded a byte/ });
  await expect(told).toBeVisible();
  const touchedB = await expectTableEqualsPagemap(app, shmid, pids, pages);
  expect(presentIn(touchedB, 0)).toEqual({ A: 'true', B: 'true' });
  for (let page = 1; page < pages; page += 1) expect(presentIn(touchedB, page)).toEqual(none);
  if (pfnsVisible(touchedB)) expect(touchedB[0]!.cells.B!.pfn).toBe(touchedB[0]!.cells.A!.pfn);
  await expect(told).toContainText('minor fault');
});

/**
 * Another program (a Node process with the addon, as root): makes a `pages`-page segment, writes
 * a greeting at 0, then writes `text` at `offset` for each "w <offset> <text>" line on stdin,
 * answering "ok"; detaches and exits when stdin ends.
 */
async function startOwner(pages: number): Promise<{
  shmid: number;
  write(offset: number, text: string): Promise<void>;
  finish(): Promise<void>;
}> {
  const script = [
    `const n = require(${JSON.stringify(join(projectRoot, 'native', 'index.js'))});`,
    `const id = n.shmget(0, ${pages} * n.constants.pageSize, n.constants.IPC_CREAT | 0o600);`,
    'const a = n.shmat(id);',
    "a.write(0, Buffer.from('made elsewhere'));",
    'process.stdout.write(id + "\\n");',
    "const lines = require('node:readline').createInterface({ input: process.stdin });",
    "lines.on('line', (line) => {",
    '  const [, offset, text] = /^w (\\d+) (.*)$/.exec(line);',
    '  a.write(Number(offset), Buffer.from(text));',
    '  process.stdout.write("ok\\n");',
    '});',
    "lines.on('close', () => { a.detach(); process.exit(0); });",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => child.once('close', () => done()));
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await answers.next();
    if (line.done === true) throw new Error('the owner exited');
    return line.value;
  };
  const shmid = Number(await next());
  return {
    shmid,
    write: async (offset, text) => {
      child.stdin.write(`w ${offset} ${text}\n`);
      expect(await next()).toBe('ok');
    },
    finish: async () => {
      child.stdin.end();
      await exited;
      try {
        addon.shmctl(shmid, 'IPC_RMID');
      } catch {
        // Gone already.
      }
    },
  };
}

test('another program writes page 1 of its segment: A shows the bytes, and page 1 stays absent in A', async ({
  app,
}) => {
  const owner = await startOwner(3);
  try {
    await waitForLab(app);
    const a = pane(app, 'A');
    await a.getByLabel('Segment id for A').fill(String(owner.shmid));
    await a.getByRole('button', { name: 'Attach (shmat) in A' }).click();
    await expect(a.getByRole('status').filter({ hasText: 'shmat returned' })).toContainText(
      '(read-only)',
    );
    // A reads the owner's greeting ('m' 'a') through its hex view, which leaves no trace.
    await expect(byteCell(app, 'A', 0)).toHaveText('6d');
    await expect(byteCell(app, 'A', 1)).toHaveText('61');
    // B maps nothing: its column in this table says so, as its pagemap has no such mapping.
    const pids = { A: await panePid(app, 'A'), B: await panePid(app, 'B') };
    const before = await expectTableEqualsPagemap(app, owner.shmid, pids, 3);
    expect(presentIn(before, 0)).toEqual({ A: 'false', B: 'unmapped' });

    const offset = 5000;
    const page = Math.floor(offset / pageSize);
    await owner.write(offset, 'truth');
    // The new bytes, in A's view of its own mapping, scrolled to their row (rows are drawn only
    // where the grid is scrolled to).
    await a
      .getByRole('grid', { name: 'Memory of process A as it reads it' })
      .evaluate((grid, at) => {
        const perRow = Number(grid.getAttribute('aria-colcount')) - 2;
        const row = grid.querySelector('[role="row"][aria-rowindex="2"]');
        grid.scrollTop = Math.floor(at / perRow) * (row?.getBoundingClientRect().height ?? 22);
      }, offset);
    const cell = byteCell(app, 'A', offset);
    await expect(cell).toHaveText('74'); // 't'
    await expect(byteCell(app, 'A', offset + 4)).toHaveText('68'); // 'h'
    const after = await expectTableEqualsPagemap(app, owner.shmid, pids, 3);
    // A never touched that page: the owner's store gave the segment a frame, not A an entry.
    expect(presentIn(after, page)).toEqual({ A: 'false', B: 'unmapped' });
  } finally {
    await owner.finish();
  }
});

/** Attaches the shmid given as its first argument (not SHMLAB_SHMID), stores in page 0, waits. */
const ATTACH_BY_ARGUMENT = `#define _XOPEN_SOURCE 700
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <shmid>\\n", argv[0]);
    return 2;
  }
  volatile unsigned char *base = shmat(atoi(argv[1]), NULL, 0);
  if (base == (void *)-1) {
    perror("shmat");
    return 1;
  }
  base[8] = 42; /* a store: page 0 enters this process's page table */
  printf("pid %d touched page 0 of %s at %p\\n", (int)getpid(), argv[1], (void *)base);
  fflush(stdout);
  sleep(600);
  return 0;
}
`;

test('a program that attaches the segment named in its arguments is drawn with it, frame and all', async ({
  app,
}) => {
  test.skip(!hasCc(), 'no C compiler (cc) on PATH: no program can be compiled and run here');
  await waitForLab(app);
  await attachFreshSegmentInBoth(app);
  const panel = app.getByRole('region', { name: 'Segment' });
  const tutorialShmid = Number(await panel.locator('[data-field="shmid"]').first().textContent());
  const pages = 2;
  const other = addon.shmget(0, pages * pageSize, addon.constants.IPC_CREAT | 0o600);
  try {
    expect(other).not.toBe(tutorialShmid);
    const view = await openProgramView(app);
    await setSource(app, view, ATTACH_BY_ARGUMENT);
    await view.getByLabel('Arguments', { exact: true }).fill(String(other));
    await view.getByRole('button', { name: 'Run', exact: true }).click();
    const screen = await waitForTerminal(
      view,
      /pid (\d+) touched page 0 of (\d+) at (0x[0-9a-f]+)/,
    );
    const printed = /pid (\d+) touched page 0 of (\d+) at (0x[0-9a-f]+)/.exec(screen)!;
    const pid = Number(printed[1]);
    expect(Number(printed[2])).toBe(other);
    // The kernel's word: it maps `other` where it printed.
    expect(attachedAt(pid, other)).toBe(BigInt(printed[3]!));

    const table = app.getByRole('table', { name: `Pages of shmid ${other}` });
    // Its facts come with the Lab's next look at the run (10 Hz): wait for its column to arrive.
    await expect(
      table.locator(`tr[data-page="0"] td[data-process="p${pid}"][data-present]`),
    ).toHaveAttribute('data-present', 'true');
    const pids = { A: await panePid(app, 'A'), B: await panePid(app, 'B'), [`p${pid}`]: pid };
    const shown = await expectTableEqualsPagemap(app, other, pids, pages);
    expect(presentIn(shown, 0)).toEqual({ A: 'unmapped', B: 'unmapped', [`p${pid}`]: 'true' });
    expect(presentIn(shown, 1)).toEqual({ A: 'unmapped', B: 'unmapped', [`p${pid}`]: 'false' });

    // Its column is drawn with that segment, which the summary says, and its note names it.
    const diagram = app.getByRole('img', { name: /^Process A / });
    await expect(diagram).toHaveAttribute(
      'aria-label',
      new RegExp(`your program \\(pid ${pid}\\) maps shmid ${other} at 0x[0-9a-f]+`),
    );
    await expect(diagram).not.toHaveAttribute(
      'aria-label',
      new RegExp(`your program \\(pid ${pid}\\) does not map`),
    );
    await expect(app.locator('.memory-diagram__column')).toHaveCount(3);
    await expect(app.locator('.memory-diagram__column').nth(2)).toContainText(
      `shmid ${other} attached`,
    );
    await view.getByRole('button', { name: 'Stop', exact: true }).click();
  } finally {
    try {
      addon.shmctl(other, 'IPC_RMID');
    } catch {
      // Gone already.
    }
  }
});
