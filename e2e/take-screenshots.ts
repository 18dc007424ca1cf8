// `npm run screenshots`: the README's screenshots, taken from the real app in
// web mode (Debian Chromium), after a short real session: a segment, both
// attachments, a write in A that B reported; then the synchronisation lab's
// panes 10, 13 and 14 in the state each one teaches.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { makeSemaphoreSet, openPane, resetProgram, stepProcess } from './sync-helpers';
import { attachFreshSegmentInBoth, projectRoot, startWebHost } from './web-host';
import { removeForeignSegments, startForeignWriter } from './machine-helpers';
import { writeInPane } from './helpers';
import { FORK_AND_STAY } from './program-diagram-helpers';
import { hasCc, openProgramView, setSource, waitForTerminal } from './program-helpers';
import { programViewShots } from './program-screenshots';

/**
 * Saves the window as docs/screenshots/<name>.png, with the tutorial column scrolled so that
 * `focus` (what the pane is about) is in view.
 */
async function save(page: Page, name: string, focus: Locator): Promise<void> {
  await focus.scrollIntoViewIfNeeded();
  const folder = join(projectRoot, 'docs', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.png`);
  // Settle: the diagram and the live panel redraw after the last answer.
  await page.waitForTimeout(600);
  await page.screenshot({ path: file });
  process.stdout.write(`wrote ${file}\n`);
}

/** Pane 10 after a lost update, 13 with B asleep in P(), 14 with the SEM_UNDO-less deadlock. */
async function synchronisationPanes(page: Page): Promise<void> {
  let tutorial = await openPane(page, 10);
  await resetProgram(tutorial);
  for (const [name, op] of [
    ['A', 'load'],
    ['B', 'load'],
    ['A', 'add'],
    ['A', 'store'],
    ['B', 'add'],
    ['B', 'store'],
  ] as const) {
    await stepProcess(tutorial, name, op);
  }
  const story = tutorial.getByRole('status', { name: /What happened to the counter/ });
  await story.waitFor();
  await save(page, 'sync-scheduler', story);

  tutorial = await openPane(page, 13);
  await makeSemaphoreSet(tutorial);
  const semopOf = (name: string) => tutorial.getByRole('status', { name: `${name}'s semop` });
  const column = (name: string) =>
    tutorial.getByRole('region', { name: `${name}'s semaphore calls` });
  await column('A').getByRole('button', { name: 'A: P()', exact: true }).click();
  await semopOf('A').waitFor();
  await column('B').getByRole('button', { name: 'B: P()', exact: true }).click();
  await semopOf('B').filter({ hasText: 'semncnt = 1' }).waitFor();
  await save(page, 'sync-blocking', semopOf('B'));
  // Leave the lock free: A's V() wakes B, B's V() gives it back.
  await column('A').getByRole('button', { name: 'A: V()', exact: true }).click();
  await semopOf('B').filter({ hasText: 'woke up by itself' }).waitFor();
  await column('B').getByRole('button', { name: 'B: V()', exact: true }).click();
  await tutorial.locator('[data-field="value-0"]').filter({ hasText: /^1$/ }).waitFor();

  tutorial = await openPane(page, 14);
  await column('A').getByRole('button', { name: 'A: P()', exact: true }).click();
  await semopOf('A').waitFor();
  await column('B').getByRole('button', { name: 'B: P()', exact: true }).click();
  await semopOf('B').filter({ hasText: 'has not returned' }).waitFor();
  await column('A').getByRole('button', { name: 'Kill A (SIGKILL)' }).click();
  const verdict = tutorial.getByRole('status', { name: 'What the kill did' });
  await verdict.waitFor();
  await save(page, 'sync-undo', verdict);
  await column('B').getByRole('button', { name: "Cancel B's wait" }).click();
}

/**
 * Issue 11, the diagram and pane 16 (progdiag's block): a program and its forked child drawn as
 * the third and fourth columns, with pane 17 listing them; then pane 16 after ftok, both shmget
 * calls and the ftok starting program's run.
 */
async function programDiagramAndFtok(page: Page): Promise<void> {
  if (!hasCc()) {
    process.stdout.write('skipping the program diagram and ftok pictures: no cc on PATH\n');
    return;
  }
  const tutorial = page.getByRole('region', { name: 'Tutorial' });
  const steps = page.getByRole('navigation', { name: 'Tutorial steps' });
  await steps.getByRole('button', { name: /^17 / }).click();
  await tutorial
    .getByRole('button', { name: 'Make a fresh segment and attach it in A and B' })
    .click();
  await tutorial.getByRole('status').filter({ hasText: 'A fresh segment is attached' }).waitFor();
  await writeInPane(page, 'A', { offset: '16', type: 'u8', value: '42' });
  const view = await openProgramView(page);
  await setSource(page, view, FORK_AND_STAY);
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForTerminal(view, /child \d+ at 0x[0-9a-f]+ wrote/);
  await view.getByRole('button', { name: 'Back to the tutorial' }).click();
  await page.locator('.memory-diagram__column--forked').waitFor();
  await page.waitForTimeout(1000);
  await page.locator('.app__lab').evaluate((lab) => lab.scrollTo(0, 0));
  await save(page, 'program-diagram', tutorial.getByRole('list', { name: 'Processes of the run' }));
  const stop = await openProgramView(page);
  await stop.getByRole('button', { name: 'Stop', exact: true }).click();
  await stop.getByText('The run is over').waitFor();
  await stop.getByRole('button', { name: 'Back to the tutorial' }).click();

  await steps.getByRole('button', { name: /^16 / }).click();
  await tutorial.getByRole('button', { name: 'Run ftok' }).click();
  await tutorial.getByRole('button', { name: /IPC_CREAT \| 0600\)$/ }).click();
  await tutorial.getByRole('button', { name: /again, without IPC_CREAT$/ }).click();
  await tutorial.locator('[data-field="found"]').waitFor();
  await tutorial.getByRole('button', { name: 'Open the ftok program in the program view' }).click();
  const ftokView = page.getByRole('region', { name: 'Your program' });
  await ftokView.getByRole('button', { name: 'Run', exact: true }).click();
  await waitForTerminal(ftokView, /again = -?\d+/);
  await ftokView.getByRole('button', { name: 'Back to the tutorial' }).click();
  const same = tutorial.getByRole('status').filter({ hasText: 'Your program printed' });
  await same.waitFor();
  await save(page, 'ftok-pane', same);
}

const host = await startWebHost();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
});
try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
  await page.goto(host.url);
  // Three pages, so the picture shows pages without a frame next to one with.
  await attachFreshSegmentInBoth(page, '10000');
  const steps = page.getByRole('navigation', { name: 'Tutorial steps' });
  const tutorial = page.getByRole('region', { name: 'Tutorial' });
  await steps.getByRole('button', { name: /Write in A, read in B/ }).click();
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await tutorial.getByRole('status').filter({ hasText: 'B read 42' }).waitFor();
  await page.waitForTimeout(600);
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    const file = join(
      projectRoot,
      'resources',
      theme === 'light' ? 'screenshot.png' : 'screenshot-dark.png',
    );
    await page.screenshot({ path: file });
    process.stdout.write(`wrote ${file}\n`);
  }
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.locator('html[data-theme="light"]').waitFor();
  // The program view: the learner's own C program beside A and B.
  await programViewShots(page, save);
  await synchronisationPanes(page);
  // Pane 14 killed A: start it again before the machine view opens a segment in it.
  const paneA = page.getByRole('region', { name: 'Process A' });
  await paneA.getByRole('button', { name: 'Respawn process A' }).click();
  await paneA
    .getByRole('status')
    .filter({ hasText: /\brunning\b/ })
    .first()
    .waitFor();
  await programDiagramAndFtok(page);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.locator('html[data-theme="dark"]').waitFor();
  // The machine view: another user's segment (uid 65534), its row expanded, opened read-only in A.
  const writer = await startForeignWriter('hello from uid 65534');
  try {
    await page.getByRole('button', { name: 'This machine' }).click();
    await page.getByRole('button', { name: `Details of segment ${writer.shmid}` }).click();
    await page.getByRole('button', { name: 'Open in A read-only' }).click();
    await page.getByRole('status').filter({ hasText: 'Opened in A at' }).waitFor();
    await page.waitForTimeout(1500);
    // The view from its top: heading, limits, and the table with the expanded row.
    await page.locator('.app__tutorial').evaluate((column) => column.scrollTo(0, 0));
    for (const theme of ['dark', 'light'] as const) {
      if (theme === 'light') await page.getByRole('button', { name: 'Dark theme' }).click();
      const file = join(
        projectRoot,
        'docs',
        theme === 'light' ? 'machine-view.png' : 'machine-view-dark.png',
      );
      await page.screenshot({ path: file });
      process.stdout.write(`wrote ${file}\n`);
    }
  } finally {
    await writer.finish();
    removeForeignSegments();
  }
} finally {
  await browser.close();
  await host.stop();
}
