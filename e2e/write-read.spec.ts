import { expect, snapshot, test } from './fixtures';
import {
  attachInPane,
  byteCell,
  createSegment,
  goToStep,
  pane,
  waitForLab,
  writeInPane,
} from './helpers';

test('a value written in A appears in B, read by B; and the other way round', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  const baseA = await attachInPane(app, 'A');
  const baseB = await attachInPane(app, 'B');
  expect(baseA).not.toBe(baseB);

  await writeInPane(app, 'A', { offset: '16', type: 'u32', value: '0xcafebabe' });
  // B's view comes from B's own mapping, reported by B's process.
  await expect(byteCell(app, 'B', 16)).toHaveText('be');
  await expect(byteCell(app, 'B', 19)).toHaveText('ca');
  await expect(byteCell(app, 'B', 16)).toHaveAttribute('data-changed', 'other');
  await snapshot(app, 'A wrote, B sees it');

  await writeInPane(app, 'B', { offset: '100', type: 'ascii', value: 'hi' });
  await expect(byteCell(app, 'A', 100)).toHaveText('68');
  await expect(byteCell(app, 'A', 101)).toHaveText('69');
  await expect(byteCell(app, 'A', 100)).toHaveAttribute('data-changed', 'other');
  await expect(pane(app, 'A').getByRole('alert')).toHaveCount(0);
});

test('step 5 takes hex offsets, and never shows a result beside a newer action', async ({
  app,
}) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  await goToStep(app, /Write in A, read in B/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  const stored = tutorial.getByRole('status').filter({ hasText: /^A stored/ });
  const loaded = tutorial.getByRole('status').filter({ hasText: /^B read/ });

  // The same offset syntax as the process panes' writers: 0x10 is 16.
  await tutorial.getByLabel('Offset').fill('0x10');
  await tutorial.getByLabel('u32 value').fill('42');
  await expect(tutorial.getByLabel('Offset')).toHaveAttribute('aria-invalid', 'false');
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(stored).toContainText('A stored 42 (bytes 2a 00 00 00) at offset 16');
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(loaded).toContainText('B read 42');
  await expect(stored).toBeVisible();

  // A newer store: the old load goes.
  await tutorial.getByLabel('u32 value').fill('7');
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(stored).toContainText('A stored 7');
  await expect(loaded).toHaveCount(0);
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(loaded).toContainText('B read 7');

  // A change of state: B's own pane overwrites those bytes, so "B read 7" no longer holds.
  await writeInPane(app, 'B', { offset: '16', type: 'u32', value: '9' });
  await expect(byteCell(app, 'B', 16)).toHaveText('09');
  await expect(loaded).toHaveCount(0);
  await expect(stored).toHaveCount(0);
});
