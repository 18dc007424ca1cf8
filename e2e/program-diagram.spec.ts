// The learner's program in the memory diagram: a program that forks gets a column, its child a
// fourth one at the same virtual address with the same page frame (checked against /proc from
// here), the child's column leaves when it exits, then the program's; nattch drops with the
// note that exit detaches, and `ipcs -m -i` agrees.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { waitForLab, writeInPane } from './helpers';
import { FORK_AND_WAIT, attachedAt } from './program-diagram-helpers';
import { hasCc, openProgramView, setSource, waitForTerminal } from './program-helpers';
import { attachFreshSegmentInBoth } from './web-host';

test.skip(!hasCc(), 'no C compiler (cc) on PATH: no program can be compiled and run here');

/** nattch as `ipcs -m -i` prints it. */
function ipcsNattch(shmid: number): number {
  const text = execFileSync('ipcs', ['-m', '-i', String(shmid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  return Number(/nattch=(\d+)/.exec(text)?.[1]);
}

const columns = (app: Page) => app.locator('.memory-diagram__column');
const diagram = (app: Page) => app.getByRole('img', { name: /^Process A / });

test('a forked child appears at its parent’s address with the same frame, then both leave', async ({
  app,
}) => {
  await waitForLab(app);
  await attachFreshSegmentInBoth(app);
  const panel = app.getByRole('region', { name: 'Segment' });
  const shmid = Number(await panel.locator('[data-field="shmid"]').textContent());
  // A writes at offset 16 first, so page 0 has a frame before the program runs.
  await writeInPane(app, 'A', { offset: '16', type: 'u8', value: '42' });
  const view = await openProgramView(app);
  await setSource(app, view, FORK_AND_WAIT);
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  const screen = await waitForTerminal(view, /child (\d+) at (0x[0-9a-f]+) wrote/);
  const parent = /parent (\d+) at (0x[0-9a-f]+) saw 42/.exec(screen);
  const child = /child (\d+) at (0x[0-9a-f]+) wrote/.exec(screen);
  expect(parent).not.toBeNull();
  expect(child).not.toBeNull();
  const [parentPid, childPid] = [Number(parent![1]), Number(child![1])];
  // The kernel's word, read here: both map the segment at the address they printed.
  expect(attachedAt(parentPid, shmid)).toBe(BigInt(parent![2]!));
  expect(attachedAt(childPid, shmid)).toBe(BigInt(parent![2]!));

  await view.getByRole('button', { name: 'Back to the tutorial' }).click();
  await expect(columns(app)).toHaveCount(4);
  await expect(diagram(app)).toHaveAttribute(
    'aria-label',
    new RegExp(
      `forked child of ${parentPid} \\(pid ${childPid}\\) maps shmid ${shmid} at 0x[0-9a-f]+ ` +
        `\\(the same address as pid ${parentPid}: inherited across fork\\)`,
    ),
  );
  await expect(app.locator('.memory-diagram__column-note').first()).toBeVisible();
  await expect(app.locator('.memory-diagram__column--forked')).toContainText(
    `same address as pid ${parentPid}`,
  );
  // The pages table: the same address in both, and page 0 backed by the same frame as A's.
  const table = app.getByRole('table', { name: `Pages of shmid ${shmid}` });
  const row = table.locator('tr[data-page="0"]');
  const addressOf = (pid: number) => row.locator(`td.mono[data-process="p${pid}"]`);
  await expect(addressOf(parentPid)).toHaveText((await addressOf(childPid).textContent()) ?? '?');
  const frame = row.locator('td[data-frame]');
  await expect(row.locator(`td[data-process="p${childPid}"][data-present]`)).toHaveAttribute(
    'data-present',
    'true',
  );
  const pfnA = await frame.getAttribute('data-pfn-a');
  if (pfnA !== null && pfnA !== '') {
    // Frame numbers are visible (root): the same PFN in A, the program and its child.
    await expect(frame).toHaveAttribute(`data-pfn-p${parentPid}`, pfnA);
    await expect(frame).toHaveAttribute(`data-pfn-p${childPid}`, pfnA);
  } else {
    // Hidden: the honest substitute, page 0 present in each (one page of one segment).
    await expect(row.locator(`td[data-process="p${parentPid}"][data-present]`)).toHaveAttribute(
      'data-present',
      'true',
    );
  }
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('4');
  await snapshot(app, 'four columns: A, B, the program and its forked child');

  // The child exits: its column leaves, a note says its attachment went with it.
  const exits = app.getByRole('list', { name: "Exits of your program's processes" });
  await expect(exits).toContainText(`pid ${childPid} (forked child of ${parentPid})`, {
    timeout: 15_000,
  });
  await expect(exits).toContainText('went with it (exit detaches; no shmdt needed)');
  await expect(columns(app)).toHaveCount(3);
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('3');

  // Then the program: its column leaves too, nattch is A's and B's again, with the note.
  await expect(exits).toContainText(`pid ${parentPid} (your program) exited with status 0`, {
    timeout: 15_000,
  });
  await expect(columns(app)).toHaveCount(2);
  await expect(panel.locator('[data-field="nattch"]')).toHaveText('2');
  await expect(panel.getByRole('note', { name: 'Your program and this segment' })).toContainText(
    `Exit detaches implicitly: your program (pid ${parentPid}) exited with this segment attached`,
  );
  await expect(panel.locator('[data-field="lpid"]')).toHaveText(String(parentPid));
  await expect(panel.getByRole('note', { name: 'Your program and this segment' })).toContainText(
    `lpid ${parentPid} is your program (pid ${parentPid}), which has exited`,
  );
  expect(ipcsNattch(shmid)).toBe(2);
  await snapshot(app, 'the run is over: A and B alone, and the exit notes');
});
