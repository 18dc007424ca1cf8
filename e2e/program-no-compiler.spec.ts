// Hosts where programs cannot run: one whose PATH has no cc (the view says so, with the install
// hint, and the rest of the app works), and one started with --no-run (the view says running is
// turned off, and why).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { attachInPane, createSegment, waitForLab } from './helpers';
import { consoleProblems, editor, hasCc, startOtherWebHost } from './program-helpers';

test('a host whose PATH has no cc: the message with the install hint; the tutorial still works', async ({
  page,
}) => {
  const emptyPath = mkdtempSync(join(tmpdir(), 'shmlab-no-cc-'));
  const host = await startOtherWebHost({ ...process.env, PATH: emptyPath });
  const problems = consoleProblems(page);
  try {
    await page.goto(host.url);
    await waitForLab(page);
    await page.getByRole('button', { name: 'Your program' }).click();
    const view = page.getByRole('region', { name: 'Your program' });
    const alert = view.getByRole('alert').filter({ hasText: 'No C compiler here.' });
    await expect(alert).toBeVisible();
    // This machine is Debian: the hint is its package manager's.
    await expect(alert.locator('pre')).toContainText('apt-get install gcc');
    await expect(view.getByRole('button', { name: 'Compile', exact: true })).toBeDisabled();
    await expect(view.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
    // The editor still takes the learner's text.
    await editor(view).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('/* still editable */');
    await expect(editor(view)).toContainText('/* still editable */');

    // The rest of the app: the tutorial's shmget and an attach in A, for real.
    await view.getByRole('button', { name: 'Back to the tutorial' }).click();
    const shmid = await createSegment(page, '4096');
    expect(shmid).toBeGreaterThanOrEqual(0);
    await attachInPane(page, 'A');
    await expect(
      page.getByRole('region', { name: 'Segment' }).locator('[data-field="nattch"]'),
    ).toHaveText('1');
  } finally {
    await host.stop();
    rmSync(emptyPath, { recursive: true, force: true });
  }
  expect(problems, 'the page logged errors or warnings').toEqual([]);
});

test('a host started with --no-run: running is turned off, and the view says why', async ({
  page,
}) => {
  test.skip(!hasCc(), 'no C compiler (cc) on PATH: the view would say that first');
  const host = await startOtherWebHost(process.env, ['--no-run']);
  const problems = consoleProblems(page);
  try {
    await page.goto(host.url);
    await waitForLab(page);
    await page.getByRole('button', { name: 'Your program' }).click();
    const view = page.getByRole('region', { name: 'Your program' });
    const alert = view.getByRole('alert').filter({ hasText: 'Running programs is turned off.' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('--no-run');
    await expect(view.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
    // Compiling is still allowed: the learner can check a program here.
    await view.getByRole('button', { name: 'Compile', exact: true }).click();
    await expect(view.getByRole('status').filter({ hasText: /^Compiled in \d+ ms/ })).toBeVisible();
  } finally {
    await host.stop();
  }
  expect(problems, 'the page logged errors or warnings').toEqual([]);
});
