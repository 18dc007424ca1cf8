import type { Locator, Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { attachInPane, createSegment, pane, waitForLab } from './helpers';
import { makeSemaphoreSet, openPane } from './sync-helpers';

/** A takes the lock, B waits for it, then A is killed with SIGKILL. */
async function killHolder(app: Page, undo: boolean): Promise<Locator> {
  await waitForLab(app);
  await createSegment(app, '64');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const tutorial = await openPane(app, 14);
  await makeSemaphoreSet(tutorial);
  if (undo) await tutorial.getByRole('checkbox', { name: /SEM_UNDO/ }).check();
  const flag = undo ? ', SEM_UNDO' : '';
  const columnA = tutorial.getByRole('region', { name: "A's semaphore calls" });
  const columnB = tutorial.getByRole('region', { name: "B's semaphore calls" });
  await columnA.getByRole('button', { name: `A: P()${flag}`, exact: true }).click();
  await expect(tutorial.getByRole('status', { name: "A's semop" })).toContainText(
    "A's P() returned at once",
  );
  await columnB.getByRole('button', { name: `B: P()${flag}`, exact: true }).click();
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    'has not returned',
  );
  await columnA.getByRole('button', { name: 'Kill A (SIGKILL)' }).click();
  await expect(columnA.getByRole('heading', { name: 'A · killed by SIGKILL' })).toBeVisible();
  await expect(pane(app, 'A')).toContainText('killed by SIGKILL');
  return tutorial;
}

test('pane 14: without SEM_UNDO, killing the holder leaves B blocked for ever', async ({ app }) => {
  const tutorial = await killHolder(app, false);
  const panel = tutorial.getByRole('region', { name: 'Semaphore set' });
  const verdict = tutorial.getByRole('status', { name: 'What the kill did' });
  await expect(verdict).toContainText('Deadlock: A was killed by SIGKILL while it held the lock');
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');
  await expect(panel.locator('[data-field="ncount-0"]')).toHaveText('1');
  const columnB = tutorial.getByRole('region', { name: "B's semaphore calls" });
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    'has not returned',
  );
  await snapshot(app, 'pane 14: deadlock without SEM_UNDO');

  await columnB.getByRole('button', { name: "Cancel B's wait" }).click();
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    "B's wait was cancelled",
  );
  await expect(panel.locator('[data-field="ncount-0"]')).toHaveText('0');

  // The way forward: A again, with the segment.
  const columnA = tutorial.getByRole('region', { name: "A's semaphore calls" });
  await columnA.getByRole('button', { name: 'Respawn A' }).click();
  await expect(columnA.getByRole('heading', { name: 'A · running' })).toBeVisible();
  await columnA.getByRole('button', { name: /Attach segment \d+ in A again/ }).click();
  await expect(columnA.getByRole('status').filter({ hasText: 'shmat returned 0x' })).toBeVisible();
});

test('pane 14: with SEM_UNDO, the kernel gives the lock back and B proceeds', async ({ app }) => {
  const tutorial = await killHolder(app, true);
  const columnB = tutorial.getByRole('region', { name: "B's semaphore calls" });
  await expect(tutorial.getByRole('status', { name: "B's semop" })).toContainText(
    'B woke up by itself',
  );
  const verdict = tutorial.getByRole('status', { name: 'What the kill did' });
  await expect(verdict).toContainText('the kernel undid its P() (SEM_UNDO)');
  const panel = tutorial.getByRole('region', { name: 'Semaphore set' });
  await expect(panel.locator('[data-field="ncount-0"]')).toHaveText('0');
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('0');
  const bPid = /pid (\d+)/.exec((await pane(app, 'B').textContent()) ?? '')?.[1];
  await expect(panel.locator('[data-field="pid-0"]')).toHaveText(bPid!);
  await columnB.getByRole('button', { name: 'B: V(), SEM_UNDO', exact: true }).click();
  await expect(panel.locator('[data-field="value-0"]')).toHaveText('1');
});
